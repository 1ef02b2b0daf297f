// The only file that imports node-cron (STYLE B): it validates and parses expressions; the walk to the next slot is ours.
import { validateDetailed } from 'node-cron';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { checkSlotArguments } from './Internal/checkSlotArguments.js';
import { CronCalendar } from './Internal/CronCalendar.js';
import { CronDays } from './Internal/CronDays.js';
import { CronTimeField } from './Internal/CronTimeField.js';
import { resolveScheduleOptions } from './Internal/resolveScheduleOptions.js';
import { ZoneOffsets } from './Internal/ZoneOffsets.js';
import type { Schedule, ScheduleOptions } from './Schedule.js';

/** Options of {@link cron}: the shared {@link ScheduleOptions} plus the time zone the expression is read in. */
export interface CronScheduleOptions extends ScheduleOptions {
  /** IANA time zone the expression is read in, e.g. `'Europe/Berlin'`. Defaults to `'UTC'`. */
  readonly timeZone?: string;
}

// Parsing is shared at two levels, so that 10,000 distinct expressions cost little more than one:
// - each field text is validated and expanded by node-cron once (in a canonical expression with wildcards elsewhere)
//   and its tables are shared by every expression that spells the field the same way; the three day fields go
//   together, since node-cron checks them together (an impossible day of month for the months) and our "never
//   matches" check depends on them alone;
// - anything else (nicknames, irregular spacing, a field node-cron rejects) takes the whole-expression path, parsed
//   by node-cron as one and cached by text, so its errors read exactly as node-cron reports them.
// Either way node-cron validates every field of every expression, and the cross-field check of the day fields.
const MAX_CACHED = 1_000;
const calendars = new Map<string, CronCalendar>();
const secondFields = new Map<string, CronTimeField | null>();
const minuteFields = new Map<string, CronTimeField | null>();
const hourFields = new Map<string, CronTimeField | null>();
const dayFields = new Map<string, CronDays | null>();
// 5 or 6 fields, single spaces between them, only characters node-cron allows: the shape the per-field path reads.
const PLAIN_EXPRESSION = /^[a-zA-Z0-9*/,#?-]+(?: [a-zA-Z0-9*/,#?-]+){4,5}$/;
const UTC_ZONE = Object.freeze({ timeZone: 'UTC', zoneName: 'UTC' });
const NO_OPTIONS = Object.freeze({ initialDelayMs: 0, jitterMs: 0, paused: false });

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
  const calendar = parseExpression(expression);
  const { timeZone, zoneName } = options === undefined ? UTC_ZONE : resolveTimeZone(options, describeCall(expression));
  const { initialDelayMs, jitterMs, paused } =
    options === undefined ? NO_OPTIONS : resolveScheduleOptions(options, describeCall(expression), calendar.minGapMs(), ['timeZone']);
  return new CronSchedule(`cron "${expression.trim()}" (${timeZone})`, initialDelayMs, jitterMs, paused, calendar, ZoneOffsets.for(zoneName));
}

/** A cron {@link Schedule}: a few fields and two shared references (calendar parts, zone); no closure per schedule. */
class CronSchedule implements Schedule {
  readonly kind = 'cron' as const;
  readonly description: string;
  readonly initialDelayMs: number;
  readonly jitterMs: number;
  readonly paused: boolean;
  readonly #calendar: CronCalendar;
  readonly #zone: ZoneOffsets;

  constructor(description: string, initialDelayMs: number, jitterMs: number, paused: boolean, calendar: CronCalendar, zone: ZoneOffsets) {
    this.description = description;
    this.initialDelayMs = initialDelayMs;
    this.jitterMs = jitterMs;
    this.paused = paused;
    this.#calendar = calendar;
    this.#zone = zone;
    Object.freeze(this);
  }

  nextSlot(afterMs: number, anchorMs: number): number | undefined {
    checkSlotArguments(afterMs, anchorMs, this.description);
    const calendar = this.#calendar;
    const zone = this.#zone;
    // The result must be > lower: after `afterMs`, and not before the initial delay has passed.
    const lower = Math.max(afterMs, anchorMs + this.initialDelayMs - 1);
    let from = Math.floor(zone.wallOf(lower) / 1000) * 1000 + 1000;
    for (;;) {
      const wall = calendar.nextWall(from);
      if (wall === undefined) return undefined;
      const instant = zone.instantOf(wall);
      if (instant > lower) return instant;
      // `wall` repeats (fall back) and its first occurrence is past: resume where the repeated span ends.
      from = Math.max(wall + 1000, Math.ceil(zone.repeatedSpanEnd(instant, lower) / 1000) * 1000);
    }
  }
}

// Names the call in messages, e.g. `cron("0 * * * *")`; built only when a message needs it.
function describeCall(expression: unknown): string {
  return `cron(${JSON.stringify(expression) ?? String(expression)})`;
}

function parseExpression(expression: unknown): CronCalendar {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw invalidCron(`${describeCall(expression)}: the expression must be a non-empty string such as '*/15 * * * *'.`);
  }
  return (PLAIN_EXPRESSION.test(expression) ? fromFieldCaches(expression) : undefined) ?? parseWhole(expression);
}

// The per-field path: undefined when a part is rejected (parseWhole then reports it as node-cron words it).
function fromFieldCaches(expression: string): CronCalendar | undefined {
  const fields = expression.split(' ');
  const six = fields.length === 6;
  const second = timeField(secondFields, six ? fields[0]! : '0', 0);
  const minute = timeField(minuteFields, fields[six ? 1 : 0]!, 1);
  const hour = timeField(hourFields, fields[six ? 2 : 1]!, 2);
  const days = dayPart(fields[six ? 3 : 2]!, fields[six ? 4 : 3]!, fields[six ? 5 : 4]!);
  if (second === null || minute === null || hour === null || days === null || !days.matchesSomeDay()) return undefined;
  return new CronCalendar(second, minute, hour, days);
}

function timeField(cache: Map<string, CronTimeField | null>, text: string, position: 0 | 1 | 2): CronTimeField | null {
  let field = cache.get(text);
  if (field === undefined) {
    field = null;
    const canonical = position === 0 ? `${text} 0 0 * * *` : position === 1 ? `0 ${text} 0 * * *` : `0 0 ${text} * * *`;
    try {
      const result = validateDetailed(canonical);
      if (result.valid && result.fields !== undefined) {
        if (position === 0) field = new CronTimeField(result.fields.second, 0, 59, 'second');
        else if (position === 1) field = new CronTimeField(result.fields.minute, 0, 59, 'minute');
        else field = new CronTimeField(result.fields.hour, 0, 23, 'hour');
      }
    } catch {
      field = null;
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(text, field);
  }
  return field;
}

function dayPart(dayOfMonth: string, month: string, dayOfWeek: string): CronDays | null {
  const key = `${dayOfMonth} ${month} ${dayOfWeek}`;
  let days = dayFields.get(key);
  if (days === undefined) {
    days = null;
    try {
      const result = validateDetailed(`0 0 0 ${key}`);
      if (result.valid && result.fields !== undefined) days = new CronDays(result.fields.dayOfMonth, result.fields.month, result.fields.dayOfWeek);
    } catch {
      days = null;
    }
    if (dayFields.size >= MAX_CACHED) dayFields.clear();
    dayFields.set(key, days);
  }
  return days;
}

// The whole-expression path: node-cron parses the expression as one; cached by text.
function parseWhole(expression: string): CronCalendar {
  const cached = calendars.get(expression);
  if (cached !== undefined) return cached;
  let calendar: CronCalendar;
  try {
    const result = validateDetailed(expression);
    if (!result.valid || result.fields === undefined) {
      const reasons = result.errors.map((error) => error.message).join('; ') || 'rejected by node-cron';
      throw invalidCron(
        `${describeCall(expression)} is not a valid cron expression: ${reasons}. Use 5 fields (minute hour day-of-month month day-of-week) ` +
          "or 6 (seconds first), e.g. '*/15 * * * *'.",
      );
    }
    calendar = CronCalendar.fromFields(result.fields);
  } catch (error) {
    if (BatonError.is(error)) throw error;
    throw invalidCron(`${describeCall(expression)} is not a valid cron expression: ${(error as Error).message}.`, error);
  }
  if (!calendar.matchesEver()) {
    throw invalidCron(`${describeCall(expression)} never matches a date (e.g. a day that does not exist in the month it names). Check the day fields.`);
  }
  if (calendars.size >= MAX_CACHED) calendars.clear();
  calendars.set(expression, calendar);
  return calendar;
}

function resolveTimeZone(options: CronScheduleOptions, what: string): { timeZone: string; zoneName: string } {
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
