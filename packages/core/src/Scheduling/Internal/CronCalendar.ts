/**
 * The calendar side of a cron expression: which wall-clock seconds match, found by walking fields (month, day,
 * hour, minute, second) rather than by testing instants one by one. Fed with node-cron's parsed fields; matches
 * with node-cron's semantics (day of month AND day of week, plus its L, W, L-n, nL and n#k tokens).
 */

/** The expanded fields of a cron expression, as node-cron's `validateDetailed()` returns them. */
export interface CronFieldValues {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly (number | string)[];
  readonly month: readonly number[];
  readonly dayOfWeek: readonly (number | string)[];
}

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;
// The Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks): an expression with no
// match in 401 years never matches.
const SEARCH_YEARS = 401;
const MAX_CACHED_MONTHS = 600;
const REFERENCE_YEAR = 2000;

const WEEKDAY_NEAREST = /^(\d{1,2}|L)W$/;
const LAST_MINUS = /^L-(\d{1,2})$/;
const LAST_WEEKDAY = /^([0-7])L$/;
const NTH_WEEKDAY = /^([0-7])#([1-5])$/;

/**
 * The expanded values of one time field (second, minute or hour) and its lookup table. Immutable: one instance is
 * shared by every expression that spells the field the same way.
 */
export class CronTimeField {
  /** The allowed values, ascending. */
  readonly values: readonly number[];
  /** next[i]: the smallest allowed value >= i, or -1. */
  readonly next: Int8Array;

  /** @throws Error naming the value when one is outside `min..max` or the field is empty. */
  constructor(values: readonly number[], min: number, max: number, field: string) {
    this.values = sortedRange(values, min, max, field);
    this.next = nextTable(this.values, max + 1);
  }
}

/**
 * The day side of a cron expression (day of month, month, day of week): which days match, cached per month.
 * Immutable in what it answers: one instance is shared by every expression with the same three day fields.
 */
export class CronDays {
  readonly #months: number[];
  readonly #nextMonth: Int8Array;
  // Day of month.
  readonly #domMask: number; // bit d set: day d (1..31)
  readonly #domAll: boolean;
  readonly #domLast: boolean; // L
  readonly #domLastMinus: number[]; // L-n
  readonly #domNearest: number[]; // nW
  readonly #domLastNearest: boolean; // LW
  readonly #domNumericOnly: boolean;
  // Day of week.
  readonly #dowMask: number; // bit w set: weekday w (0 = Sunday)
  readonly #dowAll: boolean;
  readonly #dowLast: number[]; // nL
  readonly #dowNth: { weekday: number; nth: number }[]; // n#k
  readonly #dowNumericOnly: boolean;
  // (year * 12 + month - 1) -> mask of matching days.
  readonly #monthDays = new Map<number, number>();
  #matchesSomeDay: boolean | undefined;

  /** @throws Error naming the token when a field holds something this walker does not understand. */
  constructor(dayOfMonth: readonly (number | string)[], month: readonly number[], dayOfWeek: readonly (number | string)[]) {
    this.#months = sortedRange(month, 1, 12, 'month');
    this.#nextMonth = nextTable(this.#months, 13);

    let domMask = 0;
    let domLast = false;
    let domLastNearest = false;
    const domLastMinus: number[] = [];
    const domNearest: number[] = [];
    for (const value of dayOfMonth) {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 31) domMask |= 1 << value;
      else if (value === 'L') domLast = true;
      else if (typeof value === 'string' && WEEKDAY_NEAREST.test(value)) {
        const target = WEEKDAY_NEAREST.exec(value)![1]!;
        if (target === 'L') domLastNearest = true;
        else domNearest.push(Number(target));
      } else if (typeof value === 'string' && LAST_MINUS.test(value)) domLastMinus.push(Number(LAST_MINUS.exec(value)![1]));
      else throw new Error(`unsupported day-of-month value '${String(value)}'`);
    }
    this.#domMask = domMask;
    this.#domLast = domLast;
    this.#domLastNearest = domLastNearest;
    this.#domLastMinus = domLastMinus;
    this.#domNearest = domNearest;
    this.#domNumericOnly = !domLast && !domLastNearest && domLastMinus.length === 0 && domNearest.length === 0;
    this.#domAll = this.#domNumericOnly && domMask === ALL_DAYS;

    let dowMask = 0;
    const dowLast: number[] = [];
    const dowNth: { weekday: number; nth: number }[] = [];
    for (const value of dayOfWeek) {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 7) dowMask |= 1 << (value % 7);
      else if (typeof value === 'string' && LAST_WEEKDAY.test(value)) dowLast.push(Number(LAST_WEEKDAY.exec(value)![1]) % 7);
      else if (typeof value === 'string' && NTH_WEEKDAY.test(value)) {
        const match = NTH_WEEKDAY.exec(value)!;
        dowNth.push({ weekday: Number(match[1]) % 7, nth: Number(match[2]) });
      } else throw new Error(`unsupported day-of-week value '${String(value)}'`);
    }
    this.#dowMask = dowMask;
    this.#dowLast = dowLast;
    this.#dowNth = dowNth;
    this.#dowNumericOnly = dowLast.length === 0 && dowNth.length === 0;
    this.#dowAll = this.#dowNumericOnly && dowMask === 0b111_1111;
  }

  /** nextMonth[m]: the smallest allowed month >= m (1..12), or -1. */
  get nextMonth(): Int8Array {
    return this.#nextMonth;
  }

  /**
   * Whether any day matches within 401 years of 2000-01-01 (the calendar repeats every 400 years, so "no" means
   * never). Computed once per instance: it depends on the day fields only.
   */
  matchesSomeDay(): boolean {
    if (this.#matchesSomeDay === undefined) {
      let found = false;
      for (let year = REFERENCE_YEAR; year <= REFERENCE_YEAR + SEARCH_YEARS && !found; year++) {
        for (let month = 1; month <= 12 && !found; month++) {
          if (this.#nextMonth[month] === month && this.daysOf(year, month) !== 0) found = true;
        }
      }
      this.#matchesSomeDay = found;
    }
    return this.#matchesSomeDay;
  }

  /** The least number of days between two matching days (at least 1), read conservatively from the fields. */
  minGapDays(): number {
    let days = 1;
    if (this.#domNumericOnly && !this.#domAll) days = Math.max(days, minDayOfMonthGap(bits(this.#domMask)));
    if (this.#dowNumericOnly && !this.#dowAll) days = Math.max(days, minCyclicGap(bits(this.#dowMask), 7));
    return days;
  }

  /** Bit d set: day d (1..31) of that month matches. */
  daysOf(year: number, month: number): number {
    const key = year * 12 + month - 1;
    let mask = this.#monthDays.get(key);
    if (mask === undefined) {
      mask = this.#computeDays(year, month);
      if (this.#monthDays.size >= MAX_CACHED_MONTHS) this.#monthDays.clear();
      this.#monthDays.set(key, mask);
    }
    return mask;
  }

  #computeDays(year: number, month: number): number {
    const last = daysInMonth(year, month);
    const monthMask = ALL_DAYS & ~(-2 << last); // bits 1..last
    if (this.#domAll && this.#dowAll) return monthMask;
    let mask = 0;
    const firstWeekday = weekday(year, month, 1);
    for (let day = 1; day <= last; day++) {
      if (this.#domMatches(year, month, day, last) && this.#dowMatches(day, (firstWeekday + day - 1) % 7, last)) mask |= 1 << day;
    }
    return mask;
  }

  #domMatches(year: number, month: number, day: number, last: number): boolean {
    if (this.#domAll || ((this.#domMask >>> day) & 1) === 1) return true;
    if (this.#domLast && day === last) return true;
    for (const offset of this.#domLastMinus) if (last - offset >= 1 && last - offset === day) return true;
    for (const target of this.#domNearest) if (nearestWeekday(year, month, target, last) === day) return true;
    return this.#domLastNearest && nearestWeekday(year, month, last, last) === day;
  }

  #dowMatches(day: number, weekdayOfDay: number, last: number): boolean {
    if (this.#dowAll || ((this.#dowMask >>> weekdayOfDay) & 1) === 1) return true;
    for (const lastOf of this.#dowLast) if (lastOf === weekdayOfDay && day + 7 > last) return true;
    for (const { weekday: wanted, nth } of this.#dowNth) if (wanted === weekdayOfDay && Math.floor((day - 1) / 7) + 1 === nth) return true;
    return false;
  }
}

/**
 * Which wall-clock seconds a cron expression matches; see the file header. Holds no tables of its own: its parts are
 * shared {@link CronTimeField} and {@link CronDays} instances, so an expression costs one small object.
 */
export class CronCalendar {
  readonly #seconds: CronTimeField;
  readonly #minutes: CronTimeField;
  readonly #hours: CronTimeField;
  readonly #days: CronDays;

  constructor(seconds: CronTimeField, minutes: CronTimeField, hours: CronTimeField, days: CronDays) {
    this.#seconds = seconds;
    this.#minutes = minutes;
    this.#hours = hours;
    this.#days = days;
  }

  /** A calendar built from node-cron's expanded fields, with parts of its own. @throws Error naming an unsupported token. */
  static fromFields(fields: CronFieldValues): CronCalendar {
    return new CronCalendar(
      new CronTimeField(fields.second, 0, 59, 'second'),
      new CronTimeField(fields.minute, 0, 59, 'minute'),
      new CronTimeField(fields.hour, 0, 23, 'hour'),
      new CronDays(fields.dayOfMonth, fields.month, fields.dayOfWeek),
    );
  }

  /** Whether the expression matches at least once (some day matches; every time field has a value). */
  matchesEver(): boolean {
    return this.#days.matchesSomeDay();
  }

  /**
   * The earliest matching wall time (whole second) at or after `fromWall`, or `undefined` if none comes within
   * 401 years (the expression never matches).
   * @param fromWall - A wall time (local time encoded as UTC epoch ms); rounded up to a whole second.
   */
  nextWall(fromWall: number): number | undefined {
    const from = new Date(Math.ceil(fromWall / SECOND_MS) * SECOND_MS);
    let year = from.getUTCFullYear();
    let month = from.getUTCMonth() + 1;
    let day = from.getUTCDate();
    let hour = from.getUTCHours();
    let minute = from.getUTCMinutes();
    let second = from.getUTCSeconds();
    const lastYear = year + SEARCH_YEARS;
    const days = this.#days;
    const nextMonths = days.nextMonth;
    const nextHours = this.#hours.next;
    const nextMinutes = this.#minutes.next;
    const nextSeconds = this.#seconds.next;

    // Each pass either returns or moves the candidate forward and resets the smaller fields.
    for (;;) {
      if (year > lastYear) return undefined;
      const nextMonth = nextMonths[month]!;
      if (nextMonth < 0) {
        year++;
        month = 1;
        day = 1;
        hour = minute = second = 0;
        continue;
      }
      if (nextMonth !== month) {
        month = nextMonth;
        day = 1;
        hour = minute = second = 0;
      }
      const nextDay = lowestBitFrom(days.daysOf(year, month), day);
      if (nextDay === 0) {
        month++;
        if (month > 12) {
          year++;
          month = 1;
        }
        day = 1;
        hour = minute = second = 0;
        continue;
      }
      if (nextDay !== day) {
        day = nextDay;
        hour = minute = second = 0;
      }
      const nextHour = nextHours[hour]!;
      if (nextHour < 0) {
        day++;
        hour = minute = second = 0;
        continue;
      }
      if (nextHour !== hour) {
        hour = nextHour;
        minute = second = 0;
      }
      const nextMinute = nextMinutes[minute]!;
      if (nextMinute < 0) {
        hour++;
        minute = second = 0;
        if (hour > 23) {
          day++;
          hour = 0;
        }
        continue;
      }
      if (nextMinute !== minute) {
        minute = nextMinute;
        second = 0;
      }
      const nextSecond = nextSeconds[second]!;
      if (nextSecond < 0) {
        minute++;
        second = 0;
        if (minute > 59) {
          minute = 0;
          hour++;
          if (hour > 23) {
            day++;
            hour = 0;
          }
        }
        continue;
      }
      return wallTime(year, month, day, hour, minute, nextSecond);
    }
  }

  /**
   * A lower bound of the gap between two consecutive matches, in wall-clock ms.
   *
   * @remarks Read from the finest field with more than one value (seconds, then minutes, then hours), else from the
   * day fields (at least one day). Daylight-saving shifts are not counted: they can bring two instants closer.
   */
  minGapMs(): number {
    if (this.#seconds.values.length > 1) return minCyclicGap(this.#seconds.values, 60) * SECOND_MS;
    if (this.#minutes.values.length > 1) return minCyclicGap(this.#minutes.values, 60) * 60 * SECOND_MS;
    if (this.#hours.values.length > 1) return minCyclicGap(this.#hours.values, 24) * 3_600 * SECOND_MS;
    return this.#days.minGapDays() * DAY_MS;
  }
}

// Bits 1..31.
const ALL_DAYS = 0xffff_fffe | 0;

function sortedRange(values: readonly number[], min: number, max: number, field: string): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  for (const value of sorted) {
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`unsupported ${field} value '${String(value)}'`);
  }
  if (sorted.length === 0) throw new Error(`no ${field} value`);
  return sorted;
}

function nextTable(sorted: readonly number[], size: number): Int8Array {
  const table = new Int8Array(size).fill(-1);
  let index = sorted.length - 1;
  for (let value = size - 1; value >= 0; value--) {
    while (index >= 0 && sorted[index]! > value) index--;
    // sorted[index] <= value; the next allowed >= value is sorted[index] if equal, else sorted[index + 1].
    const candidate = index >= 0 && sorted[index] === value ? value : sorted[index + 1];
    table[value] = candidate === undefined ? -1 : candidate;
  }
  return table;
}

// The lowest set bit at position >= from (1..31), or 0.
function lowestBitFrom(mask: number, from: number): number {
  if (from > 31) return 0;
  const rest = (mask >>> from) << from;
  if (rest === 0) return 0;
  return 31 - Math.clz32(rest & -rest);
}

function bits(mask: number): number[] {
  const result: number[] = [];
  for (let bit = 0; bit < 32; bit++) if (((mask >>> bit) & 1) === 1) result.push(bit);
  return result;
}

function minCyclicGap(sorted: readonly number[], cycle: number): number {
  if (sorted.length < 2) return cycle;
  let gap = sorted[0]! + cycle - sorted[sorted.length - 1]!;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return gap;
}

// Smallest gap between matching days of month across months of 28 to 31 days.
function minDayOfMonthGap(days: readonly number[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < days.length; i++) gap = Math.min(gap, days[i]! - days[i - 1]!);
  for (let length = 28; length <= 31; length++) {
    const inMonth = days.filter((day) => day <= length);
    if (inMonth.length > 0) gap = Math.min(gap, length - inMonth[inMonth.length - 1]! + days[0]!);
  }
  return Number.isFinite(gap) ? Math.max(1, gap) : 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

// node-cron's W rule: a Saturday moves to Friday (or Monday on the 1st), a Sunday to Monday (or Friday on the last day).
function nearestWeekday(year: number, month: number, target: number, last: number): number {
  if (target < 1 || target > last) return -1;
  const day = weekday(year, month, target);
  if (day === 6) return target === 1 ? target + 2 : target - 1;
  if (day === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function wallTime(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
