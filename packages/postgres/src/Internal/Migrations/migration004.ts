import type { Migration } from './Migration.js';

// The runs table's indexes, cut to the fewest that serve the store's and the admin API's queries, so that writes of a
// run touch few indexes and a heartbeat is a HOT update (no index holds lease_expires_at or updated_at, so an update of
// those alone writes no index entry, when its page has room: hence a fillfactor below 100). What stays, and whom it serves:
// - runs_pkey: every fenced write, getRun, renewLeases, takeOver, the cancel backstop (by id).
// - runs_slot_key (workflow, scheduled_at) WHERE trigger = 'schedule': the claim's ON CONFLICT; lastScheduledAt.
// - runs_workflow_newest (workflow, started_at DESC, id DESC): listRuns, lastRun, queryRuns of given workflows.
// - runs_newest (started_at DESC, id DESC): queryRuns across workflows (a trigger filter reads it too).
// - runs_running_newest (started_at DESC, id DESC) WHERE status = 'running': the runs in flight only, so small: the
//   sweep for expired leases (it filters and sorts these by lease_expires_at), queryRuns of running runs, and the count
//   of a workflow's running runs that retention makes.
// - runs_failed_newest WHERE status IN (failures): the admin API's failures view (an entry only for a failed run).
// - runs_workflow_finished (workflow, finished_at DESC, id DESC) WHERE status <> 'running': retention by count, and
//   by age (per workflow).
// Dropped: runs_expired_lease (lease_expires_at: it made every heartbeat non-HOT), runs_running_owner and
// runs_cancel_requested (no query reads runs by owner), runs_workflow_status (countRuns reads the whole table anyway),
// runs_manual_newest (queryRuns by trigger reads runs_newest), runs_finished_at (retention by age goes per workflow).
export const migration004: Migration = {
  version: 4,
  name: 'runs indexes for HOT updates',
  sql: `
DROP INDEX IF EXISTS {{schema}}.runs_expired_lease;
DROP INDEX IF EXISTS {{schema}}.runs_running_owner;
DROP INDEX IF EXISTS {{schema}}.runs_cancel_requested;
DROP INDEX IF EXISTS {{schema}}.runs_workflow_status;
DROP INDEX IF EXISTS {{schema}}.runs_manual_newest;
DROP INDEX IF EXISTS {{schema}}.runs_finished_at;
ALTER TABLE {{schema}}.runs SET (fillfactor = 85);
`,
};
