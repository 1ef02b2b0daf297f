/** A pending wake-up in a {@link Scheduler}. */
export interface SchedulerHandle {
  /** When it is due (epoch ms). */
  readonly dueAt: number;
  /** Removes it; a no-op once it has fired or been cancelled. */
  cancel(): void;
}

/**
 * One per host: every due time in one structure (a min-heap) on the Clock, with a single sleeper for the earliest.
 * No timer per schedule: 10,000 pending entries cost nothing between ticks.
 *
 * @remarks Callbacks fire in due-time order (ties in insertion order) once `clock.now() >= dueAt`. A callback must
 * not throw; what it starts asynchronously is its own business.
 */
export interface Scheduler {
  /** Registers `callback` to run once at `dueAt` (epoch ms). */
  at(dueAt: number, callback: (dueAt: number) => void): SchedulerHandle;
  /** Number of pending entries. */
  readonly size: number;
  /** Stops the sleeper and drops every pending entry. */
  close(): void;
}
