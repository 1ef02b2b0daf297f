import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { every } from './every.js';
import { codeOf } from '../Errors/fakes/codeOf.js';

const anchor = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

describe(every, () => {
  describe('when given no options', () => {
    const schedule = every('5m');

    it('should describe itself and default every option', () => {
      expect({
        kind: schedule.kind,
        description: schedule.description,
        initialDelayMs: schedule.initialDelayMs,
        jitterMs: schedule.jitterMs,
        paused: schedule.paused,
      }).toStrictEqual({ kind: 'interval', description: 'every 5m', initialDelayMs: 0, jitterMs: 0, paused: false });
    });

    it('should make the anchor itself the first slot', () => {
      expect(schedule.nextSlot(anchor - 1, anchor)).toBe(anchor);
    });

    it('should put slots on the grid anchor + k * interval', () => {
      const slots: number[] = [];
      for (let slot = schedule.nextSlot(anchor - 1, anchor)!; slots.length < 4; slot = schedule.nextSlot(slot, anchor)!) {
        slots.push(slot);
      }
      expect(slots).toStrictEqual([anchor, anchor + 5 * MINUTE, anchor + 10 * MINUTE, anchor + 15 * MINUTE]);
    });

    it('should return the next grid slot strictly after a time between slots', () => {
      expect(schedule.nextSlot(anchor + 7 * MINUTE + 1, anchor)).toBe(anchor + 10 * MINUTE);
      expect(schedule.nextSlot(anchor + 10 * MINUTE, anchor)).toBe(anchor + 15 * MINUTE);
    });

    it('should skip missed slots without drifting when asked from a later time', () => {
      expect(schedule.nextSlot(anchor + 1_000 * 5 * MINUTE + 123, anchor)).toBe(anchor + 1_001 * 5 * MINUTE);
    });

    it('should return the first slot for a time before the anchor', () => {
      expect(schedule.nextSlot(anchor - 10 * MINUTE, anchor)).toBe(anchor);
    });

    it('should be frozen', () => {
      expect(Object.isFrozen(schedule)).toBe(true);
    });
  });

  describe('when given an initial delay', () => {
    const schedule = every('1h', { initialDelay: '90s', jitter: '10s', paused: true });

    it('should shift the whole grid by the delay', () => {
      expect(schedule.nextSlot(anchor - 1, anchor)).toBe(anchor + 90_000);
      expect(schedule.nextSlot(anchor, anchor)).toBe(anchor + 90_000);
      expect(schedule.nextSlot(anchor + 90_000, anchor)).toBe(anchor + 90_000 + 3_600_000);
    });

    it('should expose the options in milliseconds', () => {
      expect([schedule.initialDelayMs, schedule.jitterMs, schedule.paused]).toStrictEqual([90_000, 10_000, true]);
    });
  });

  describe('when given a number or a compound duration', () => {
    it('should read numbers as milliseconds', () => {
      const schedule = every(250);
      expect([schedule.description, schedule.nextSlot(anchor, anchor)]).toStrictEqual(['every 250ms', anchor + 250]);
    });

    it('should read compound strings', () => {
      expect(every('1h30m').nextSlot(anchor, anchor)).toBe(anchor + 90 * MINUTE);
    });
  });

  describe('when given a bad interval', () => {
    it.each<[string, unknown]>([
      ['zero', 0],
      ['zero as a string', '0s'],
      ['negative', -5],
      ['NaN', Number.NaN],
      ['infinite', Number.POSITIVE_INFINITY],
      ['an unknown unit', '5x'],
      ['an empty string', ''],
      ['a string without a unit', '5'],
      ['a string with leading whitespace', ' 5m'],
      ['a string with trailing whitespace', '5m '],
      ['a unit twice', '1d1d'],
      ['units out of order', '1m1h'],
      ['leading zeros', '00005s'],
      ['a number above 100 years', 2 ** 60],
      ['a fraction of a millisecond', '1.5ms'],
      ['an object', { minutes: 5 }],
      ['undefined', undefined],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_INTERVAL for %s', (_, interval) => {
      expect(codeOf(() => every(interval as never))).toBe(BatonErrorCode.ScheduleInvalidInterval);
    });
  });

  describe('when given bad options', () => {
    it.each<[string, unknown]>([
      ['jitter equal to the interval', { jitter: '5m' }],
      ['jitter above the interval', { jitter: '1h' }],
      ['a negative jitter', { jitter: -1 }],
      ['a malformed initial delay', { initialDelay: 'soon' }],
      ['a negative initial delay', { initialDelay: -1_000 }],
      ['a non-boolean paused', { paused: 'yes' }],
      ['an unknown key', { jiter: '1s' }],
      ['a string instead of an object', '5s'],
      ['null', null],
      ['an array', []],
    ])('should throw BATON_ERR_SCHEDULE_INVALID_OPTIONS for %s', (_, options) => {
      expect(codeOf(() => every('5m', options as never))).toBe(BatonErrorCode.ScheduleInvalidOptions);
    });

    it('should accept a jitter just under the interval', () => {
      expect(every('5m', { jitter: 5 * MINUTE - 1 }).jitterMs).toBe(5 * MINUTE - 1);
    });

    it('should name the option in the message', () => {
      expect(() => every('5m', { jiter: '1s' } as never)).toThrow(/unknown option 'jiter'/);
    });
  });

  describe('when nextSlot gets a non-finite time', () => {
    it('should throw BATON_ERR_SCHEDULER_INVALID_ARGUMENT', () => {
      const schedule = every('1s');
      expect(codeOf(() => schedule.nextSlot(Number.NaN, anchor))).toBe(BatonErrorCode.SchedulerInvalidArgument);
      expect(codeOf(() => schedule.nextSlot(anchor, Number.POSITIVE_INFINITY))).toBe(BatonErrorCode.SchedulerInvalidArgument);
    });
  });
});
