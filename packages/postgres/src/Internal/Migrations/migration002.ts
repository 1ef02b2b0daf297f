import type { Migration } from './Migration.js';

// When an operator last paused or resumed each workflow (ScheduleState.updatedAt). `updated_at` cannot say it: the run
// store's retention inserts schedule rows of its own (to keep the last slot), and a workflow no operator touched must
// keep its definition's `paused` option.
export const migration002: Migration = {
  version: 2,
  name: 'schedule pause set at',
  sql: `
ALTER TABLE {{schema}}.schedules ADD COLUMN paused_set_at bigint;
`,
};
