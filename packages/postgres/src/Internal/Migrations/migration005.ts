import type { Migration } from './Migration.js';

// Less work per write of a run, for the same integrity.
// - The CHECK constraints on runs.status, runs.trigger, step_runs.kind and step_runs.status become domains with the
//   same checks. A table's CHECK constraint is read back from its stored text (stringToNode) and planned again at
//   every execution of every INSERT or UPDATE of the table, once per table a statement writes; a domain's check is
//   parsed and planned once per connection (the type cache). At concurrency 1 the statement of a run's end and the
//   next run's claim wrote runs twice and step_runs once: six CHECKs, ~10% of the server's CPU for it (perf,
//   2026-12-02). The columns change type without a rewrite of the tables (a domain without constraint over text is
//   binary compatible): the indexes without a predicate are kept as they are, and those whose predicate reads one of
//   these columns are built again (PostgreSQL rebuilds a partial index when such a column changes type). ALTER DOMAIN
//   ... ADD CONSTRAINT then checks the rows there are.
// - step_runs' foreign key to runs stays: its check of each step row written (a query of runs FOR KEY SHARE) was ~5%
//   of the end statement's server time, and a trigger doing its cascade instead would have left nothing in the
//   database to refuse a step row of no run.
export const migration005: Migration = {
  version: 5,
  name: 'domains for checked values',
  sql: `
ALTER TABLE {{schema}}.runs DROP CONSTRAINT runs_status_check, DROP CONSTRAINT runs_trigger_check;
ALTER TABLE {{schema}}.step_runs DROP CONSTRAINT step_runs_kind_check, DROP CONSTRAINT step_runs_status_check;
CREATE DOMAIN {{schema}}.run_status AS text;
CREATE DOMAIN {{schema}}.run_trigger AS text;
CREATE DOMAIN {{schema}}.step_kind AS text;
CREATE DOMAIN {{schema}}.step_status AS text;
ALTER TABLE {{schema}}.runs ALTER COLUMN status TYPE {{schema}}.run_status, ALTER COLUMN trigger TYPE {{schema}}.run_trigger;
ALTER TABLE {{schema}}.step_runs ALTER COLUMN kind TYPE {{schema}}.step_kind, ALTER COLUMN status TYPE {{schema}}.step_status;
ALTER DOMAIN {{schema}}.run_status ADD CONSTRAINT run_status_check
  CHECK (VALUE IN ('running', 'succeeded', 'failed', 'compensated', 'compensation_failed', 'cancelled', 'timed_out', 'skipped', 'abandoned'));
ALTER DOMAIN {{schema}}.run_trigger ADD CONSTRAINT run_trigger_check CHECK (VALUE IN ('schedule', 'manual'));
ALTER DOMAIN {{schema}}.step_kind ADD CONSTRAINT step_kind_check CHECK (VALUE IN ('step', 'compensation'));
ALTER DOMAIN {{schema}}.step_status ADD CONSTRAINT step_status_check CHECK (VALUE IN ('running', 'succeeded', 'failed', 'timed_out', 'cancelled'));
`,
};
