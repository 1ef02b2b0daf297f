import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { parseDuration } from '../Time/Duration.js';
import type { Duration } from '../Time/Duration.js';
import { checkSlotArguments } from './Internal/checkSlotArguments.js';
import { resolveScheduleOptions } from './Internal/resolveScheduleOptions.js';
import type { Schedule, ScheduleOptions } from './Schedule.js';

/**
 * A schedule with a slot every `interval`, on a fixed grid from the moment the workflow starts.
 *
 * @remarks
 * Slots are `anchor + initialDelay + k * interval` for k = 0, 1, 2, ... (see {@link Schedule.nextSlot}): with no
 * `initialDelay` the first slot is the start itself, so the workflow runs at once and then every `interval`. To run
 * first one interval after start, set `initialDelay` to the interval. The grid never drifts: a slow run does not
 * push later slots back, and the runner decides what to do with slots it missed.
 *
 * The anchor is shared by every replica and kept across restarts: the engine continues the grid of the latest slot
 * the store has, and before the first slot it anchors at the grid the first replica to schedule the workflow fixed in
 * the ScheduleStore (`ScheduleStore.claimAnchor`), so replicas on one database that start together run each slot
 * once. An interval changed across deploys keeps that anchor (or the last slot) and steps from it by the new interval.
 *
 * Checked at definition, each failure a `BatonError`:
 * - `BATON_ERR_SCHEDULE_INVALID_INTERVAL`: the interval is zero, negative, NaN, infinite, above 100 years, not a
 *   whole number of milliseconds, or a string outside the {@link Duration} grammar (no unit, an unknown unit, a unit
 *   twice or out of order, whitespace);
 * - `BATON_ERR_SCHEDULE_INVALID_OPTIONS`: an option has the wrong type, an unknown key, or `jitter >= interval`.
 * @param interval - Milliseconds, or a duration string such as `'30s'`, `'5m'`, `'1h30m'` (`'5'` is refused: a
 *   string needs a unit).
 * @param options - Initial delay, jitter and paused flag; every field defaults to off.
 * @example
 * ```ts
 * defineWorkflow('inventory-sync').schedule(every('5m', { jitter: '10s' }));
 * ```
 */
export function every(interval: Duration, options?: ScheduleOptions): Schedule {
  const label = typeof interval === 'number' ? `${interval}ms` : String(interval);
  const what = `every(${typeof interval === 'string' ? JSON.stringify(interval) : String(interval)})`;
  const periodMs = parseInterval(interval, what);
  const { initialDelayMs, jitterMs, paused } = resolveScheduleOptions(options, what, periodMs);
  const description = `every ${label}`;

  return Object.freeze({
    kind: 'interval' as const,
    description,
    initialDelayMs,
    jitterMs,
    paused,
    nextSlot(afterMs: number, anchorMs: number): number | undefined {
      checkSlotArguments(afterMs, anchorMs, description);
      const first = anchorMs + initialDelayMs;
      if (afterMs < first) return first;
      return first + (Math.floor((afterMs - first) / periodMs) + 1) * periodMs;
    },
  });
}

function parseInterval(interval: unknown, what: string): number {
  let ms: number;
  try {
    ms = parseDuration(interval, 'interval');
  } catch (error) {
    throw new BatonError(
      BatonErrorCode.ScheduleInvalidInterval,
      `${what}: the interval must be milliseconds > 0 or a duration like '30s', '5m', '1h30m' (units w, d, h, m, s, ms, each at most once, largest first).`,
      { cause: error },
    );
  }
  if (ms <= 0 || !Number.isInteger(ms)) {
    throw new BatonError(BatonErrorCode.ScheduleInvalidInterval, `${what}: the interval must be a whole number of milliseconds > 0; got ${ms} ms.`);
  }
  return ms;
}
