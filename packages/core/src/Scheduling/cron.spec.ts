import { createTask } from 'node-cron';
import { afterAll, describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { cron } from './cron.js';
import type { Duration } from '../Time/Duration.js';
import type { Schedule } from './Schedule.js';
import { codeOf } from '../Errors/fakes/codeOf.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Slots in [fromIso, toIso), for a schedule anchored at fromIso. */
function slotsBetween(schedule: Schedule, fromIso: string, toIso: string): string[] {
  const from = utc(fromIso);
  const to = utc(toIso);
  const slots: string[] = [];
  for (let slot = schedule.nextSlot(from - 1, from); slot !== undefined && slot < to; slot = schedule.nextSlot(slot, from)) {
    slots.push(iso(slot)!);
  }
  return slots;
}

describe(cron, () => {
  describe('when given a 5-field expression and no time zone', () => {
    const schedule = cron('*/15 * * * *');

    it('should read it in UTC and describe itself', () => {
      expect([schedule.kind, schedule.description, schedule.initialDelayMs, schedule.jitterMs, schedule.paused]).toStrictEqual([
        'cron',
        'cron "*/15 * * * *" (UTC)',
        0,
        0,
        false,
      ]);
    });

    it('should have 96 slots in a day, on the quarter hours', () => {
      const slots = slotsBetween(schedule, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
      expect(slots.length).toBe(96);
      expect(slots.slice(0, 3)).toStrictEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:15:00.000Z', '2026-01-01T00:30:00.000Z']);
      expect(slots.at(-1)).toBe('2026-01-01T23:45:00.000Z');
    });

    it('should return the next slot strictly after a time that is itself a slot', () => {
      expect(iso(schedule.nextSlot(utc('2026-01-01T10:15:00Z'), 0))).toBe('2026-01-01T10:30:00.000Z');
      expect(iso(schedule.nextSlot(utc('2026-01-01T10:14:59.999Z'), 0))).toBe('2026-01-01T10:15:00.000Z');
    });
  });

  describe('when given a 6-field expression', () => {
    it('should honour the seconds field', () => {
      expect(slotsBetween(cron('*/20 * * * * *'), '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')).toStrictEqual([
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:20.000Z',
        '2026-01-01T00:00:40.000Z',
      ]);
    });

    it('should give the same slots walking on, back and across minutes as a fresh schedule from each point', () => {
      const walked = cron('10-12,50 0-1,59 23 31 12 *');
      const points = ['2026-12-31T23:00:09Z', '2026-12-31T23:00:11Z', '2026-12-31T23:00:12.5Z', '2026-12-31T23:00:50Z', '2026-12-31T23:00:10Z'];
      const more = ['2026-12-31T23:01:30Z', '2026-12-31T23:01:50.5Z', '2026-12-31T23:00:51Z', '2026-12-31T23:59:55Z'];

      const slots = [...points, ...more].map((point) => iso(walked.nextSlot(utc(point), 0)));

      expect(slots).toStrictEqual([...points, ...more].map((point) => iso(cron('10-12,50 0-1,59 23 31 12 *').nextSlot(utc(point), 0))));
      expect(slots).toStrictEqual([
        '2026-12-31T23:00:10.000Z',
        '2026-12-31T23:00:12.000Z',
        '2026-12-31T23:00:50.000Z',
        '2026-12-31T23:01:10.000Z',
        '2026-12-31T23:00:11.000Z',
        '2026-12-31T23:01:50.000Z',
        '2026-12-31T23:59:10.000Z',
        '2026-12-31T23:01:10.000Z',
        '2027-12-31T23:00:10.000Z',
      ]);
    });

    it('should round a sub-second time up to the next matching second', () => {
      expect(iso(cron('* * * * * *').nextSlot(utc('2026-01-01T00:00:00.500Z'), 0))).toBe('2026-01-01T00:00:01.000Z');
    });
  });

  describe('when given names, nicknames and day tokens', () => {
    it.each<[string, string, string]>([
      ['@daily', '2026-01-01T12:00:00Z', '2026-01-02T00:00:00.000Z'],
      ['0 9 * * mon-fri', '2026-01-02T10:00:00Z', '2026-01-05T09:00:00.000Z'],
      ['0 0 1 jan *', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00.000Z'],
      ['0 0 L * *', '2026-02-01T00:00:00Z', '2026-02-28T00:00:00.000Z'],
      ['0 0 L-2 * *', '2026-02-01T00:00:00Z', '2026-02-26T00:00:00.000Z'],
      ['0 0 * * 5L', '2026-01-01T00:00:00Z', '2026-01-30T00:00:00.000Z'],
      ['0 0 * * 1#2', '2026-01-01T00:00:00Z', '2026-01-12T00:00:00.000Z'],
      // 2026-02-01 is a Sunday: 1W moves to Monday the 2nd.
      ['0 0 1W * *', '2026-01-15T00:00:00Z', '2026-02-02T00:00:00.000Z'],
      // node-cron ANDs the day fields: Friday the 13th.
      ['0 0 13 * 5', '2026-01-01T00:00:00Z', '2026-02-13T00:00:00.000Z'],
      // Ranges that wrap around.
      ['0 22-1 * * *', '2026-01-01T01:30:00Z', '2026-01-01T22:00:00.000Z'],
    ])('should find the next slot of %s after %s', (expression, after, expected) => {
      expect(iso(cron(expression).nextSlot(utc(after), 0))).toBe(expected);
    });
  });

  describe('when the next slot is far away', () => {
    it('should resolve a yearly expression 1,000 times in a row quickly and exactly', () => {
      const schedule = cron('0 0 1 1 *', { timeZone: 'America/New_York' });
      const started = performance.now();
      let slot = utc('2026-06-01T00:00:00Z');
      for (let i = 0; i < 1_000; i++) slot = schedule.nextSlot(slot, 0)!;
      // Generous bound: a second-by-second walk would take hours.
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(iso(slot)).toBe('3026-01-01T05:00:00.000Z');
    });

    it('should find Feb 29 on a Monday, 18 years out', () => {
      expect(iso(cron('0 0 29 2 1').nextSlot(utc('2026-01-01T00:00:00Z'), 0))).toBe('2044-02-29T00:00:00.000Z');
    });
  });

  describe('when given an initial delay', () => {
    it('should skip slots before anchor + initialDelay', () => {
      const schedule = cron('*/15 * * * *', { initialDelay: '20m' });
      const anchor = utc('2026-01-01T00:00:00Z');
      expect(iso(schedule.nextSlot(anchor - 1, anchor))).toBe('2026-01-01T00:30:00.000Z');
      expect(iso(schedule.nextSlot(anchor + 20 * MINUTE - 1, anchor))).toBe('2026-01-01T00:30:00.000Z');
    });

    it('should count a slot exactly at anchor + initialDelay', () => {
      const schedule = cron('*/15 * * * *', { initialDelay: '15m' });
      const anchor = utc('2026-01-01T00:00:00Z');
      expect(iso(schedule.nextSlot(anchor - 1, anchor))).toBe('2026-01-01T00:15:00.000Z');
    });
  });

  describe.each<[string, { springDay: string; fallDay: string; spring: string; fall: string; skipped: string; repeated: string }]>([
    [
      'Europe/Berlin',
      {
        // 2026-03-29: 02:00 CET -> 03:00 CEST (01:00Z). 2026-10-25: 03:00 CEST -> 02:00 CET (01:00Z).
        springDay: '2026-03-29',
        fallDay: '2026-10-25',
        spring: '2026-03-29T01:00:00.000Z',
        fall: '2026-10-25T00:30:00.000Z',
        skipped: '30 2 * * *',
        repeated: '30 2 * * *',
      },
    ],
    [
      'America/New_York',
      {
        // 2026-03-08: 02:00 EST -> 03:00 EDT (07:00Z). 2026-11-01: 02:00 EDT -> 01:00 EST (06:00Z).
        springDay: '2026-03-08',
        fallDay: '2026-11-01',
        spring: '2026-03-08T07:00:00.000Z',
        fall: '2026-11-01T05:30:00.000Z',
        skipped: '30 2 * * *',
        repeated: '30 1 * * *',
      },
    ],
  ])('when read in %s across daylight saving time', (timeZone, days) => {
    const dayBounds = (day: string): [string, string] => {
      const start = new Date(`${day}T00:00:00Z`).getTime() - 2 * 86_400_000;
      return [new Date(start).toISOString(), new Date(start + 5 * 86_400_000).toISOString()];
    };
    const localDay = (ms: string): string => new Date(ms).toLocaleDateString('en-CA', { timeZone });

    it('should fire a skipped local time once, at the transition', () => {
      const slots = slotsBetween(cron(days.skipped, { timeZone }), ...dayBounds(days.springDay));
      expect(slots.filter((slot) => localDay(slot) === days.springDay)).toStrictEqual([days.spring]);
      expect(slots.length).toBe(5);
    });

    it('should fire a repeated local time once, at its first occurrence', () => {
      const slots = slotsBetween(cron(days.repeated, { timeZone }), ...dayBounds(days.fallDay));
      expect(slots.filter((slot) => localDay(slot) === days.fallDay)).toStrictEqual([days.fall]);
      expect(slots.length).toBe(5);
    });

    it('should have 23 hourly slots on the spring-forward day and 24 on the fall-back day', () => {
      const hourly = cron('0 * * * *', { timeZone });
      const count = (day: string): number => slotsBetween(hourly, ...dayBounds(day)).filter((slot) => localDay(slot) === day).length;
      expect([count(days.springDay), count(days.fallDay)]).toStrictEqual([23, 24]);
    });

    it('should have 92 quarter-hour slots on the spring-forward day and 96 on the fall-back day', () => {
      const quarterly = cron('*/15 * * * *', { timeZone });
      const count = (day: string): number => slotsBetween(quarterly, ...dayBounds(day)).filter((slot) => localDay(slot) === day).length;
      expect([count(days.springDay), count(days.fallDay)]).toStrictEqual([92, 96]);
    });

    it('should keep slots strictly increasing, at least 15 minutes apart on the fall-back day', () => {
      const slots = slotsBetween(cron('*/15 * * * *', { timeZone }), ...dayBounds(days.fallDay)).map(utc);
      const gaps = slots.slice(1).map((slot, i) => slot - slots[i]!);
      expect(Math.min(...gaps)).toBe(15 * MINUTE);
      // The repeated hour is the one gap longer than 15 minutes.
      expect(gaps.filter((gap) => gap !== 15 * MINUTE)).toStrictEqual([HOUR + 15 * MINUTE]);
    });

    it('should not fire again when asked from inside the repeated hour', () => {
      const quarterly = cron('*/15 * * * *', { timeZone });
      // Halfway through the second pass of the repeated hour (one hour after the same wall time's first pass).
      const firstPass = utc(days.fall);
      const secondPass = firstPass + HOUR;
      expect(iso(quarterly.nextSlot(secondPass, 0))).toBe(iso(firstPass + HOUR + 30 * MINUTE));
    });
  });

  describe('when compared with node-cron matching', () => {
    const tasks: { destroy(): unknown }[] = [];
    afterAll(() => {
      for (const task of tasks) task.destroy();
    });

    // Windows without a DST transition: the slots must be exactly the instants node-cron matches.
    it.each<[string, string | undefined, string, number]>([
      ['*/7 3-5,22 * * *', undefined, '2026-01-30T00:00:00Z', MINUTE],
      ['0 30 9 * * mon-fri', 'Europe/Berlin', '2026-04-01T00:00:00Z', MINUTE],
      ['15,45 */2 L,1 * *', 'America/New_York', '2026-01-30T00:00:00Z', MINUTE],
      ['0 0 * * 1#1,5L', 'Asia/Kolkata', '2026-05-28T00:00:00Z', MINUTE],
      ['*/13 * 10 * * *', 'Australia/Adelaide', '2026-06-10T00:00:00Z', 1_000],
    ])('should match node-cron for %s in %s', (expression, timeZone, fromIso, step) => {
      const task = createTask(expression, () => {}, timeZone === undefined ? {} : { timezone: timeZone });
      tasks.push(task);
      const from = utc(fromIso);
      const to = from + (step === MINUTE ? 4 * 86_400_000 : 3 * HOUR);
      const expected: string[] = [];
      for (let t = from; t < to; t += step) if (task.match(new Date(t))) expected.push(iso(t)!);
      const schedule = cron(expression, timeZone === undefined ? {} : { timeZone });
      expect(expected.length).toBeGreaterThan(0);
      expect(slotsBetween(schedule, fromIso, iso(to)!)).toStrictEqual(expected);
    });
  });

  describe('when given a bad expression', () => {
    it.each<[string, unknown]>([
      ['too few fields', '* * * *'],
      ['too many fields', '* * * * * * *'],
      ['a minute out of range', '61 * * * *'],
      ['an hour out of range', '0 24 * * *'],
      ['an illegal character', '0 0 * * * ;'],
      ['a word', 'every day'],
      ['a day that never exists', '0 0 30 2 *'],
      ['a day that never matches', '0 0 30W 2 *'],
      ['an empty string', '  '],
      ['a number', 5],
      ['undefined', undefined],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_CRON for %s', (_, expression) => {
      expect(codeOf(() => cron(expression as string))).toBe(BatonErrorCode.ScheduleInvalidCron);
    });

    it('should name the field in the message', () => {
      expect(() => cron('61 * * * *')).toThrow(/61 is a invalid expression for minute/);
    });
  });

  describe('when given a bad time zone', () => {
    it.each<[string, unknown]>([
      ['an unknown zone', 'Mars/Olympus_Mons'],
      ['an empty string', ''],
      ['a number', 1],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_TIMEZONE for %s', (_, timeZone) => {
      expect(codeOf(() => cron('* * * * *', { timeZone: timeZone as string }))).toBe(BatonErrorCode.ScheduleInvalidTimeZone);
    });

    it('should accept zone names in any case and aliases', () => {
      expect(cron('0 * * * *', { timeZone: 'europe/berlin' }).description).toBe('cron "0 * * * *" (europe/berlin)');
      expect(iso(cron('0 0 * * *', { timeZone: 'Etc/UTC' }).nextSlot(utc('2026-01-01T01:00:00Z'), 0))).toBe('2026-01-02T00:00:00.000Z');
    });
  });

  describe('when given a jitter', () => {
    it.each<[string, Duration, string, boolean]>([
      ['*/15 * * * *', '14m', 'under 15 minutes', true],
      ['*/15 * * * *', '15m', '15 minutes', false],
      ['*/5 * * * * *', '5s', '5 seconds', false],
      ['0 0,12 * * *', '11h59m', 'under 12 hours', true],
      ['0 0 * * *', '23h', 'under a day', true],
      ['0 0 * * *', '1d', 'a day', false],
      ['0 0 1,15 * *', '13d', 'under 14 days', true],
      ['0 0 1,15 * *', '14d', '14 days', false],
      ['0 0 * * 1,3', '1d', 'under the 2-day gap between Monday and Wednesday', true],
      ['0 0 * * 1,3', '2d', 'the 2-day gap between Monday and Wednesday', false],
      ['0 0 1 1 *', '27d', "under a yearly expression's conservative 28 days", true],
    ])('for %s with jitter %s (%s) should accept it: %s', (expression, jitter, _, accepted) => {
      const code = codeOf(() => cron(expression, { jitter }));
      expect(code).toBe(accepted ? undefined : BatonErrorCode.ScheduleInvalidOptions);
    });
  });

  describe('when given bad options', () => {
    it.each<[string, unknown]>([
      ['an unknown key', { timezone: 'UTC' }],
      ['a non-boolean paused', { paused: 1 }],
      ['a malformed initial delay', { initialDelay: '1 hour' }],
      ['a string instead of an object', 'UTC'],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_OPTIONS for %s', (_, options) => {
      expect(codeOf(() => cron('* * * * *', options as never))).toBe(BatonErrorCode.ScheduleInvalidOptions);
    });
  });

  describe('when nextSlot gets a non-finite time', () => {
    it('should throw BATON_ERR_SCHEDULER_INVALID_ARGUMENT', () => {
      expect(codeOf(() => cron('* * * * *').nextSlot(Number.NaN, 0))).toBe(BatonErrorCode.SchedulerInvalidArgument);
    });
  });
  describe('when an expression is parsed field by field (single spaces) or whole (irregular spacing)', () => {
    // Two spaces send the expression down the whole-expression path; the slots and errors must not depend on it.
    const whole = (expression: string): string => expression.replace(' ', '  ');
    const messageOf = (action: () => unknown): string | undefined => {
      try {
        action();
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    };

    it.each([
      '*/15 * * * *',
      '0 9 * * mon-fri',
      '30 2 * * *',
      '0 0 L * *',
      '0 0 L-2 * *',
      '0 0 15W * *',
      '0 0 LW * *',
      '0 0 * * 5L',
      '0 0 * * 1#2',
      '0 0 1 jan,jul *',
      '0 0 ? * 0',
      '5,10 0-30/10 */3 1-10 2-11 1-5',
      '59 59 23 31 12 *',
      '0 0 29 2 *',
    ])('should give the same slots for %s', (expression) => {
      const from = '2026-01-01T00:00:00Z';
      const to = '2030-01-01T00:00:00Z';
      const fast = cron(expression, { timeZone: 'Europe/Berlin' });
      const slow = cron(whole(expression), { timeZone: 'Europe/Berlin' });
      const a: string[] = [];
      const b: string[] = [];
      for (let slot = fast.nextSlot(utc(from) - 1, utc(from)); slot !== undefined && slot < utc(to) && a.length < 500; slot = fast.nextSlot(slot, utc(from)))
        a.push(iso(slot)!);
      for (let slot = slow.nextSlot(utc(from) - 1, utc(from)); slot !== undefined && slot < utc(to) && b.length < 500; slot = slow.nextSlot(slot, utc(from)))
        b.push(iso(slot)!);
      expect(a.length).toBeGreaterThan(0);
      expect(a).toStrictEqual(b);
    });

    it.each(['61 * * * *', '* 24 * * *', '0 0 30W 2 *', '0 0 31 2 *', '0 0 * * 8', '0 0 1 13 *', 'x * * * *'])(
      'should reject %s with the same message as the whole-expression path',
      (expression) => {
        const fast = messageOf(() => cron(expression));
        expect(fast).toBeDefined();
        expect(fast).toBe(messageOf(() => cron(whole(expression)))?.replace(whole(expression), expression));
      },
    );
  });
});
