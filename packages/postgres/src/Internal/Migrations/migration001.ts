import type { Migration } from './Migration.js';

// The whole schema of issue 11, in one migration, so that every part (run store, coordinator, schedules, instances,
// audit log, cancel channel) is written against tables that exist from the first release. Times are epoch
// milliseconds in bigint columns (as RunRecord has them: exact round trips, no time-zone conversion); "now" is the
// database's clock. The package README documents every table; keep it in step with this file.
const NOW_MS = `(floor(extract(epoch from now()) * 1000))::bigint`;

export const migration001: Migration = {
  version: 1,
  name: 'schema',
  sql: `
-- Runs: one row per run. A scheduled run is keyed by (workflow, scheduled_at): its INSERT is the slot's claim.
CREATE TABLE {{schema}}.runs (
  id uuid PRIMARY KEY,
  workflow text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'compensated', 'compensation_failed', 'cancelled', 'timed_out', 'skipped', 'abandoned')),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  scheduled_at bigint NOT NULL,
  idempotency_key text NOT NULL,
  started_at bigint NOT NULL,
  finished_at bigint,
  attempt integer NOT NULL DEFAULT 1,
  owner text,
  epoch integer NOT NULL DEFAULT 1,
  lease_expires_at bigint,
  input text,
  input_summary text,
  output_summary text,
  error jsonb,
  skip_reason text,
  warnings jsonb,
  recoveries jsonb NOT NULL DEFAULT '[]'::jsonb,
  trace_context jsonb,
  cancel_requested_at bigint,
  cancel_requested_by text,
  created_at bigint NOT NULL DEFAULT ${NOW_MS},
  updated_at bigint NOT NULL DEFAULT ${NOW_MS}
);
-- The claim key; also lastScheduledAt (a backward scan per workflow).
CREATE UNIQUE INDEX runs_slot_key ON {{schema}}.runs (workflow, scheduled_at) WHERE trigger = 'schedule';
-- expiredRuns: running runs by lease expiry (FOR UPDATE SKIP LOCKED).
CREATE INDEX runs_expired_lease ON {{schema}}.runs (lease_expires_at) WHERE status = 'running';
-- Runs in flight by owner (an instance's runs in the admin API, renewals).
CREATE INDEX runs_running_owner ON {{schema}}.runs (owner) WHERE status = 'running';
-- listRuns / lastRun / queryRuns of given workflows, newest first; countRuns.
CREATE INDEX runs_workflow_newest ON {{schema}}.runs (workflow, started_at DESC, id DESC);
CREATE INDEX runs_workflow_status ON {{schema}}.runs (workflow, status);
-- queryRuns across every workflow, newest first.
CREATE INDEX runs_newest ON {{schema}}.runs (started_at DESC, id DESC);
-- queryRuns by status: the admin API's "failures" and "in flight" views.
CREATE INDEX runs_failed_newest ON {{schema}}.runs (started_at DESC, id DESC) WHERE status IN ('failed', 'compensation_failed', 'timed_out', 'abandoned', 'cancelled');
CREATE INDEX runs_running_newest ON {{schema}}.runs (started_at DESC, id DESC) WHERE status = 'running';
-- queryRuns of manual runs (trigger = 'manual').
CREATE INDEX runs_manual_newest ON {{schema}}.runs (started_at DESC, id DESC) WHERE trigger = 'manual';
-- Retention: finished runs of a workflow in the order they finished, and by age.
CREATE INDEX runs_workflow_finished ON {{schema}}.runs (workflow, finished_at DESC, id DESC) WHERE status <> 'running';
CREATE INDEX runs_finished_at ON {{schema}}.runs (finished_at) WHERE status <> 'running';
-- The cancel backstop: runs asked to cancel that are still running.
CREATE INDEX runs_cancel_requested ON {{schema}}.runs (owner) WHERE status = 'running' AND cancel_requested_at IS NOT NULL;

-- Step runs: one row per attempt of a step (kind 'step'), and one per step's compensation (kind 'compensation').
-- The row of a step's latest attempt carries the step's record (its output checkpoint, its errors so far).
CREATE TABLE {{schema}}.step_runs (
  run_id uuid NOT NULL REFERENCES {{schema}}.runs (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('step', 'compensation')),
  name text NOT NULL,
  attempt integer NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  step_group text,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out', 'cancelled')),
  started_at bigint NOT NULL,
  finished_at bigint,
  attempts integer,
  error jsonb,
  attempt_errors jsonb,
  output text,
  output_summary text,
  PRIMARY KEY (run_id, kind, name, attempt)
);

-- Schedules: the durable, shared state of each workflow's schedule.
CREATE TABLE {{schema}}.schedules (
  workflow text PRIMARY KEY,
  paused boolean NOT NULL DEFAULT false,
  paused_until bigint,
  next_due_at bigint,
  -- The latest slot that had a run, kept when retention deletes that run (RunStore.lastScheduledAt).
  last_scheduled_at bigint,
  updated_at bigint NOT NULL DEFAULT ${NOW_MS}
);

-- Leases: named, fenced leases (Coordinator). A released lease keeps its row, so the fence never goes back.
CREATE TABLE {{schema}}.leases (
  key text PRIMARY KEY,
  holder text,
  fence bigint NOT NULL,
  expires_at bigint NOT NULL,
  acquired_at bigint NOT NULL
);

-- Instances: every host that ran against this schema (the instance registry).
CREATE TABLE {{schema}}.instances (
  id text PRIMARY KEY,
  hostname text NOT NULL,
  pid integer NOT NULL,
  version text NOT NULL,
  services jsonb NOT NULL DEFAULT '[]'::jsonb,
  workflows jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at bigint NOT NULL,
  heartbeat_at bigint NOT NULL,
  stopped_at bigint
);
CREATE INDEX instances_live ON {{schema}}.instances (heartbeat_at DESC) WHERE stopped_at IS NULL;

-- The audit log of operator actions, newest first by id.
CREATE TABLE {{schema}}.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at bigint NOT NULL DEFAULT ${NOW_MS},
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
  detail text,
  input text
);
CREATE INDEX audit_log_target ON {{schema}}.audit_log (target, id DESC);
`,
};
