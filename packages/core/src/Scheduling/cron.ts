// The only file that imports node-cron (STYLE B): it validates and parses expressions; the walk to the next slot is ours.
import { validateDetailed } from 'node-cron';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { checkSlotArguments } from './Internal/checkSlotArguments.js';
import { CronCalendar } from './Internal/CronCalendar.js';
import { resolveScheduleOptions } from './Internal/resolveScheduleOptions.js';
import { ZoneOffsets } from './Internal/ZoneOffsets.js';
import type { Schedule, ScheduleOptions } from './Schedule.js';

/** Options of {@link cron}: the shared {@link ScheduleOptions} plus the time zone the expression is read in. */
export interface CronScheduleOptions extends ScheduleOptions {
  /** IANA time zone the expression is read in, e.g. `'Europe/Berlin'`. Defaults to `'UTC'`. */
  readonly timeZone?: string;
}

const WALL_REFERENCE = Date.UTC(2000, 0, 1);
// Parsed expressions by text: many workflows share an expression, and parsing costs ~50 µs.
const calendars = new Map<string, CronCalendar>();
const MAX_CACHED_EXPRESSIONS = 1_000;

/**
 * A schedule with a slot at every instant a cron expression matches, read in a time zone.
 *
 * @remarks
 * Expressions have 5 fields (minute hour day-of-month month day-of-week) or 6 (a seconds field first), and accept
 * what node-cron accepts: lists, ranges, steps, month and weekday names, `@daily`-style nicknames, and the `L`, `W`,
 * `L-n`, `nL`, `n#k` day tokens. As in node-cron, when both day fields are restricted a day must match both (AND),
 * unlike Vixie cron's OR.
 *
 * The time zone defaults to `'UTC'`, so replicas in different zones agree on every slot.
 *
 * Daylight saving time: slots follow the wall clock, one slot per matching local time.
 * - A local time the zone skips (spring forward) fires once, at the transition: `30 2 * * *` in Europe/Berlin
 *   fires at 03:00 CEST on the last Sunday of March. When several skipped times (or a skipped time and the
 *   transition time itself) collapse onto that instant, it fires once.
 * - A local time the zone repeats (fall back) fires once, at its first occurrence: `30 2 * * *` in Europe/Berlin
 *   fires at 02:30 CEST on the last Sunday of October, not again at 02:30 CET. So `0 * * * *` has 23 slots on the
 *   spring-forward day and 24 on the fall-back day.
 *
 * Checked at definition, each failure a `BatonError`:
 * - `BATON_ERR_SCHEDULE_INVALID_CRON`: node-cron rejects the expression (the message names the field), or it can
 *   never match (e.g. `0 0 30W 2 *`);
 * - `BATON_ERR_SCHEDULE_INVALID_TIMEZONE`: `Intl` does not know the time zone;
 * - `BATON_ERR_SCHEDULE_INVALID_OPTIONS`: an option has the wrong type or an unknown key, or `jitter` is not smaller
 *   than the smallest wall-clock gap between two slots (read conservatively from the fields: `*\/15 * * * *` allows
 *   less than 15 minutes, a daily expression less than a day).
 *
 * `nextSlot` walks the fields (month, day, hour, minute, second) from the wall time after `afterMs`, so its cost
 * does not depend on how far away the next slot is; offsets come from `Intl`, cached per zone and hour.
 * @param expression - A cron expression, e.g. `'*\/15 * * * *'` or `'0 30 9 * * mon-fri'`.
 * @param options - Time zone, initial delay, jitter and paused flag.
 * @example
 * ```ts
 * defineWorkflow('nightly-report').schedule(cron('0 2 * * *', { timeZone: 'Europe/Berlin' }));
 * ```
 */
export function cron(expression: string, options?: CronScheduleOptions): Schedule {
  const what = `cron(${JSON.stringify(expression) ?? String(expression)})`;
  const calendar = parseExpression(expression, what);
  const { timeZone, zoneName } = resolveTimeZone(options, what);
  const { initialDelayMs, jitterMs, paused } = resolveScheduleOptions(options, what, calendar.minGapMs(), ['timeZone']);
  const zone = ZoneOffsets.for(zoneName);
  const description = `cron "${expression.trim()}" (${timeZone})`;

  return Object.freeze({
    kind: 'cron' as const,
    description,
    initialDelayMs,
    jitterMs,
    paused,
    nextSlot(afterMs: number, anchorMs: number): number | undefined {
      checkSlotArguments(afterMs, anchorMs, description);
      // The result must be > lower: after `afterMs`, and not before the initial delay has passed.
      const lower = Math.max(afterMs, anchorMs + initialDelayMs - 1);
      let from = Math.floor(zone.wallOf(lower) / 1000) * 1000 + 1000;
      for (;;) {
        const wall = calendar.nextWall(from);
        if (wall === undefined) return undefined;
        const instant = zone.instantOf(wall);
        if (instant > lower) return instant;
        // `wall` repeats (fall back) and its first occurrence is past: resume where the repeated span ends.
        from = Math.max(wall + 1000, Math.ceil(zone.repeatedSpanEnd(instant, lower) / 1000) * 1000);
      }
    },
  });
}

function parseExpression(expression: unknown, what: string): CronCalendar {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw invalidCron(`${what}: the expression must be a non-empty string such as '*/15 * * * *'.`);
  }
  const cached = calendars.get(expression);
  if (cached !== undefined) return cached;
  let calendar: CronCalendar;
  try {
    const result = validateDetailed(expression);
    if (!result.valid || result.fields === undefined) {
      const reasons = result.errors.map((error) => error.message).join('; ') || 'rejected by node-cron';
      throw invalidCron(
        `${what} is not a valid cron expression: ${reasons}. Use 5 fields (minute hour day-of-month month day-of-week) ` +
          'or 6 (seconds first), e.g. \'*/15 * * * *\'.',
      );
    }
    calendar = new CronCalendar(result.fields);
  } catch (error) {
    if (BatonError.is(error)) throw error;
    throw invalidCron(`${what} is not a valid cron expression: ${(error as Error).message}.`, error);
  }
  if (calendar.nextWall(WALL_REFERENCE) === undefined) {
    throw invalidCron(`${what} never matches a date (e.g. a day that does not exist in the month it names). Check the day fields.`);
  }
  if (calendars.size >= MAX_CACHED_EXPRESSIONS) calendars.clear();
  calendars.set(expression, calendar);
  return calendar;
}

function resolveTimeZone(options: CronScheduleOptions | undefined, what: string): { timeZone: string; zoneName: string } {
  const value: unknown = typeof options === 'object' && options !== null ? options.timeZone : undefined;
  if (value === undefined) return { timeZone: 'UTC', zoneName: 'UTC' };
  if (typeof value === 'string' && value.trim() !== '') {
    try {
      const zoneName = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
      return { timeZone: value, zoneName };
    } catch (error) {
      throw invalidTimeZone(`${what}: unknown time zone ${JSON.stringify(value)}. Use an IANA name such as 'Europe/Berlin' or 'UTC'.`, error);
    }
  }
  throw invalidTimeZone(`${what}: timeZone must be an IANA zone name such as 'Europe/Berlin'; got ${typeof value === 'string' ? '""' : typeof value}.`);
}

function invalidCron(message: string, cause?: unknown): BatonError {
  return new BatonError(BatonErrorCode.ScheduleInvalidCron, message, cause === undefined ? undefined : { cause });
}

function invalidTimeZone(message: string, cause?: unknown): BatonError {
  return new BatonError(BatonErrorCode.ScheduleInvalidTimeZone, message, cause === undefined ? undefined : { cause });
}
