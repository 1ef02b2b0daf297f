/**
 * How far behind a {@link Scheduler} is: read from {@link Scheduler.lag}, or received by
 * {@link HeapSchedulerOptions.onLag} when the scheduler becomes overloaded and when it has caught up.
 */
export interface SchedulerLag {
  /**
   * `true` from a drain that began with the earliest due entry more than `lagThresholdMs` late, until the scheduler
   * has run everything due and sleeps again: more work fell due than the process could run on time.
   */
  readonly overloaded: boolean;
  /** How late the earliest entry still waiting to run is, in ms on the scheduler's clock; 0 when none is due. */
  readonly lateByMs: number;
  /** How many entries are due and still waiting to run. */
  readonly due: number;
}
