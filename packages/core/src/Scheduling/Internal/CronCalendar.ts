/**
 * The calendar side of a cron expression: which wall-clock seconds match, found by walking fields (month, day,
 * hour, minute, second) rather than by testing instants one by one. Fed with node-cron's parsed fields; matches
 * with node-cron's semantics (day of month AND day of week, plus its L, W, L-n, nL and n#k tokens).
 */

import { CronDays } from './CronDays.js';
import type { CronFieldValues } from './CronFieldValues.js';
import { CronTimeField } from './CronTimeField.js';
import { lowestBitFrom } from './lowestBitFrom.js';
import { minCyclicGap } from './minCyclicGap.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Which wall-clock seconds a cron expression matches; see the file header. Holds no tables of its own: its parts are
 * shared {@link CronTimeField} and {@link CronDays} instances, so an expression costs one small object.
 */
export class CronCalendar {
  readonly #seconds: CronTimeField;
  readonly #minutes: CronTimeField;
  readonly #hours: CronTimeField;
  readonly #days: CronDays;
  /**
   * The start of the minute the last walk ended in (its month, day, hour and minute match), or NaN: a next match in
   * that minute is read from the seconds field alone. Every-second schedules walk once a minute instead of every second:
   * with 10,000 such workflows the walk (a Date taken apart and put together again) was ~6% of the host's main thread.
   */
  #matchedMinute = Number.NaN;

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
    const start = Math.ceil(fromWall / SECOND_MS) * SECOND_MS;
    const offset = start - this.#matchedMinute;
    if (offset >= 0 && offset < MINUTE_MS) {
      const nextSecond = this.#seconds.next[offset / SECOND_MS]!;
      if (nextSecond >= 0) return this.#matchedMinute + nextSecond * SECOND_MS;
    }
    const from = new Date(start);
    let year = from.getUTCFullYear();
    let month = from.getUTCMonth() + 1;
    let day = from.getUTCDate();
    let hour = from.getUTCHours();
    let minute = from.getUTCMinutes();
    let second = from.getUTCSeconds();
    const lastYear = year + CronDays.searchYears;
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
      const wall = wallTime(year, month, day, hour, minute, nextSecond);
      this.#matchedMinute = wall - nextSecond * SECOND_MS;
      return wall;
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

function wallTime(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
