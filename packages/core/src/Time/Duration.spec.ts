import { describe, expect, expectTypeOf, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import type { RetryOptions } from '../Workflows/StepOptions.js';
import type { Duration } from './Duration.js';
import { MAX_DURATION_MS, parseDuration } from './Duration.js';

describe(parseDuration, () => {
  describe('when given a valid duration', () => {
    it.each<[Duration, number]>([
      [0, 0],
      [250, 250],
      [1.5, 1.5],
      ['0s', 0],
      ['250ms', 250],
      ['30s', 30_000],
      ['1.5s', 1_500],
      ['5m', 300_000],
      ['90m', 5_400_000],
      ['1h', 3_600_000],
      ['1d', 86_400_000],
      ['1w', 604_800_000],
      ['1h30m', 5_400_000],
      ['1w2d3h4m5s6ms', 604_800_000 + 2 * 86_400_000 + 3 * 3_600_000 + 4 * 60_000 + 5_000 + 6],
      ['1m500ms', 60_500],
      [MAX_DURATION_MS, MAX_DURATION_MS],
      ['36525d', MAX_DURATION_MS],
    ])('should read %j as %d ms', (duration, ms) => {
      expect(parseDuration(duration)).toBe(ms);
    });
  });

  describe('when given something the grammar does not allow', () => {
    it.each<[string, unknown]>([
      ['a string without a unit', '5'],
      ['leading whitespace', ' 5m'],
      ['trailing whitespace', '5m '],
      ['whitespace between parts', '1h 30m'],
      ['a unit twice', '1d1d'],
      ['units in ascending order', '1m1h'],
      ['leading zeros', '00005s'],
      ['a sign', '-5s'],
      ['an exponent', '1e3ms'],
      ['a unit without a number', 'ms'],
      ['a number ending in a dot', '5.s'],
      ['an empty string', ''],
      ['an unknown unit', '5 secs'],
      ['a number above the range', 2 ** 60],
      ['a string above the range', '36526d'],
      ['a negative number', -1],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['an object', { ms: 5 }],
    ])('should throw BATON_ERR_DURATION_INVALID for %s', (_, value) => {
      expect(codeOf(() => parseDuration(value))).toBe(BatonErrorCode.DurationInvalid);
    });

    it('should name the option and the grammar in the message', () => {
      expect(() => parseDuration('1m1h', 'timeout')).toThrow(/timeout must be .*each at most once, largest first.*; got "1m1h"/);
    });
  });

  describe('as a type', () => {
    it('should accept numbers and duration strings, and refuse other strings', () => {
      expectTypeOf<250>().toExtend<Duration>();
      expectTypeOf<'30s'>().toExtend<Duration>();
      expectTypeOf<'1h30m'>().toExtend<Duration>();
      expectTypeOf<'1w2d3h4m5s6ms'>().toExtend<Duration>();
      expectTypeOf<'linear'>().not.toExtend<Duration>();
      expectTypeOf<'5 secs'>().not.toExtend<Duration>();
      expectTypeOf<'5'>().not.toExtend<Duration>();
      expectTypeOf<'1m1h'>().not.toExtend<Duration>();

      const valid: Duration[] = [250, '250ms', '30s', '5m', '1h30m', '1d', '2w'];
      // @ts-expect-error -- a Duration string needs a unit
      const unitless: Duration = '5';
      // @ts-expect-error -- 'secs' is not a unit
      const words: Duration = '5 secs';
      // @ts-expect-error -- units go largest first
      const ascending: Duration = '1m1h';
      // @ts-expect-error -- 'linear' is neither a backoff nor a Duration
      const linear: RetryOptions = { attempts: 3, backoff: 'linear' };
      expect([valid.length, unitless, words, ascending, linear.backoff]).toStrictEqual([7, '5', '5 secs', '1m1h', 'linear']);
    });
  });
});
