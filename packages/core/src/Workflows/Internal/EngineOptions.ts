// The workflow engine's timings and limits, and their defaults (configureWorkflows resolves the public options to them).
import type { Scheduler } from '../../Scheduling/Scheduler.js';
import type { Clock } from '../../Time/Clock.js';

export interface EngineOptions {
  /** The lease ttl of the runs it owns (and of the workflow leases for overlap 'skip'/'queue-one'). */
  readonly leaseTtlMs: number;
  /** How often the leases of the runs in flight are renewed. */
  readonly heartbeatMs: number;
  /** How often the store is swept for runs whose owner died. */
  readonly recoveryIntervalMs: number;
  /** At most this many runs recovered per sweep. */
  readonly recoveryBatch: number;
  /** The largest checkpoint, in bytes. */
  readonly checkpointLimit: number;
  /** How often the ScheduleStore is read again (the backstop of `schedule` signals). */
  readonly schedulePollMs: number;
  /** Creates the scheduler; defaults to a HeapScheduler on the clock. */
  readonly createScheduler?: (clock: Clock) => Scheduler;
}

export const defaultEngineOptions: EngineOptions = Object.freeze({
  leaseTtlMs: 10_000,
  heartbeatMs: 10_000 / 3,
  recoveryIntervalMs: 5_000,
  recoveryBatch: 100,
  checkpointLimit: 1_000_000,
  schedulePollMs: 5_000,
});
