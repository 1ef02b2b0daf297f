import { minCyclicGap } from './minCyclicGap.js';
import { nextTable } from './nextTable.js';
import { sortedRange } from './sortedRange.js';

const MAX_CACHED_MONTHS = 600;
const REFERENCE_YEAR = 2000;

const WEEKDAY_NEAREST = /^(\d{1,2}|L)W$/;
const LAST_MINUS = /^L-(\d{1,2})$/;
const LAST_WEEKDAY = /^([0-7])L$/;
const NTH_WEEKDAY = /^([0-7])#([1-5])$/;

// Bits 1..31.
const ALL_DAYS = 0xffff_fffe | 0;

/**
 * The day side of a cron expression (day of month, month, day of week): which days match, cached per month.
 * Immutable in what it answers: one instance is shared by every expression with the same three day fields.
 */
export class CronDays {
  /**
   * How many years a search for a matching day spans: the Gregorian calendar repeats every 400 years (146,097 days, a
   * whole number of weeks), so an expression with no match in 401 years never matches.
   */
  static readonly searchYears = 401;

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
      for (let year = REFERENCE_YEAR; year <= REFERENCE_YEAR + CronDays.searchYears && !found; year++) {
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

function bits(mask: number): number[] {
  const result: number[] = [];
  for (let bit = 0; bit < 32; bit++) if (((mask >>> bit) & 1) === 1) result.push(bit);
  return result;
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
