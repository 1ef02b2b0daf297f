import type { RunStatus } from './RunRecord.js';

/** Every {@link RunStatus}, in the order a run's life reads: for validating input and listing choices. */
export const runStatuses: readonly RunStatus[] = Object.freeze([
  'running',
  'succeeded',
  'failed',
  'compensated',
  'compensation_failed',
  'cancelled',
  'timed_out',
  'skipped',
  'abandoned',
] as const);
