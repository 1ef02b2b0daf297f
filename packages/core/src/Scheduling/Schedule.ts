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
   * @param anchorMs - When the schedule was started; interval slots are `anchorMs + k * period`.
   */
  nextSlot(afterMs: number, anchorMs: number): number | undefined;
}
