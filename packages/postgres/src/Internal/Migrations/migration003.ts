import type { Migration } from './Migration.js';

// The anchor of each every(...) workflow's grid (ScheduleStore.claimAnchor): the first replica to schedule the workflow
// stores it, and every replica anchors there until a slot is stored, so replicas that start together share one grid.
export const migration003: Migration = {
  version: 3,
  name: 'schedule anchor',
  sql: `
ALTER TABLE {{schema}}.schedules ADD COLUMN anchor_at bigint;
`,
};
