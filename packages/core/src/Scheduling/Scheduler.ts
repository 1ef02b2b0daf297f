import type { SchedulerLag } from './SchedulerLag.js';

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
 * not throw; what it starts asynchronously is its own business. A scheduler runs due callbacks in bounded drains and
 * gives the event loop back between two drains (on a macrotask), so timers, I/O and signals keep running when more
 * falls due than the process can run; {@link Scheduler.lag} says how far behind it is.
 */
export interface Scheduler {
  /** Registers `callback` to run once at `dueAt` (epoch ms). */
  at(dueAt: number, callback: (dueAt: number) => void): SchedulerHandle;
  /** Number of pending entries. */
  readonly size: number;
  /** How far behind the due times the scheduler is, now. */
  readonly lag: SchedulerLag;
  /** Stops the sleeper and drops every pending entry. */
  close(): void;
}
