import type { Duration } from '../Time/Duration.js';

/** Options shared by every schedule. */
export interface ScheduleOptions {
  /** Wait this long after the workflow starts before the first slot counts. Defaults to 0. */
  readonly initialDelay?: Duration;
  /** Delay each tick by a random amount in [0, jitter). Must be smaller than the period. Defaults to 0. */
  readonly jitter?: Duration;
  /** Register the workflow paused: no tick fires until it is resumed. Defaults to false. */
  readonly paused?: boolean;
}

/**
 * When a periodic workflow is due: a pure function of time. Build one with `every()` or `cron()`.
 *
 * @remarks Slots are exact instants (epoch ms); jitter is applied by the runner on top of a slot, never to the slot
 * itself, so idempotency keys derived from a slot are stable.
 */
export interface Schedule {
  /** `'interval'` or `'cron'`. */
  readonly kind: 'interval' | 'cron';
  /** Human-readable, e.g. `every 5m` or `cron "*\/15 * * * *" (Europe/Berlin)`. */
  readonly description: string;
  /** Milliseconds, from {@link ScheduleOptions.initialDelay}. */
  readonly initialDelayMs: number;
  /** Milliseconds, from {@link ScheduleOptions.jitter}. */
  readonly jitterMs: number;
  /** From {@link ScheduleOptions.paused}. */
  readonly paused: boolean;
  /**
   * The first slot strictly after `afterMs`, or `undefined` if there is none.
   *
   * @remarks
   * Pure and cheap (no timers, no I/O): call it after every tick. Slots never come before
   * `anchorMs + initialDelayMs`:
   * - interval: `anchorMs + initialDelayMs + k * period` for k = 0, 1, 2, ...; with no initial delay the first slot
   *   is the anchor itself;
   * - cron: every instant the expression matches in its time zone, from `anchorMs + initialDelayMs` on.
   *
   * To get the first slot of a schedule started at `anchorMs`, ask for `nextSlot(anchorMs - 1, anchorMs)`, so that a
   * slot at the anchor itself is included. After a tick at slot `s`, ask for `nextSlot(s, anchorMs)` to get the
   * next one, or `nextSlot(clock.now(), anchorMs)` to skip slots that were missed.
   *
   * Throws `BATON_ERR_SCHEDULER_INVALID_ARGUMENT` if either argument is not a finite number.
   * @param afterMs - Epoch ms; the result is strictly greater.
   * @param anchorMs - Epoch ms at which the schedule was started (the workflow's start); keep it fixed for the life
   *   of the schedule, so slots stay on one grid.
   */
  nextSlot(afterMs: number, anchorMs: number): number | undefined;
}
