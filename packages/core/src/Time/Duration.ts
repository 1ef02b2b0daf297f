import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';

/** The units a {@link Duration} string accepts, largest first: weeks, days, hours, minutes, seconds, milliseconds. */
export type DurationUnit = 'w' | 'd' | 'h' | 'm' | 's' | 'ms';

/** `${number}<unit>` parts for `Units` in order, each at most once: the strings a Duration accepts. */
type DurationText<Units extends readonly string[]> = Units extends readonly [infer Unit extends string, ...infer Smaller extends readonly string[]]
  ? `${number}${Unit}${'' | DurationText<Smaller>}` | DurationText<Smaller>
  : never;

/**
 * A duration: milliseconds as a number, or a string of `<number><unit>` parts such as `'250ms'`, `'30s'`, `'5m'`,
 * `'1h30m'`, `'1d'`, `'2w'`.
 *
 * @remarks The grammar, checked by {@link parseDuration}: each unit (`w`, `d`, `h`, `m`, `s`, `ms`) at most once,
 * largest first; numbers without a sign, an exponent or leading zeros (`'1.5s'` is fine); no whitespace; a string
 * needs a unit (a number is milliseconds). The value is finite, from 0 to 100 years (36,525 days). The type
 * refuses most strings outside the grammar (`'linear'`, `'5 secs'`, `'5'`, `'1m1h'`) at compile time.
 */
export type Duration = number | DurationText<['w', 'd', 'h', 'm', 's', 'ms']>;

/** The longest Duration: 100 years (36,525 days), in milliseconds. */
export const MAX_DURATION_MS = 36_525 * 86_400_000;

const UNITS: readonly (readonly [DurationUnit, number])[] = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];
// One optional `<number><unit>` group per unit, in order; each number is its integer and fraction digits.
const GRAMMAR = new RegExp(`^${UNITS.map(([unit]) => `(?:(0|[1-9]\\d*)(?:\\.(\\d+))?${unit})?`).join('')}$`);
const GRAMMAR_TEXT = "milliseconds, or a duration string like '30s', '5m' or '1h30m' (units w, d, h, m, s, ms, each at most once, largest first)";

/**
 * Parses a {@link Duration} into milliseconds.
 *
 * @remarks Throws `BATON_ERR_DURATION_INVALID` for anything outside the grammar (see {@link Duration}): NaN,
 * infinities, negatives, values above 100 years, a string without a unit, with whitespace, with a unit twice or out
 * of order. Zero is allowed here; callers that need a positive duration check it themselves.
 * @param what - Names the option in the error message, e.g. `'shutdownTimeout'`.
 */
export function parseDuration(value: unknown, what = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_MS) return value;
    throw invalid(`${what} must be a finite number of milliseconds from 0 to ${MAX_DURATION_MS} (100 years); got ${String(value)}.`);
  }
  if (typeof value === 'string' && value !== '') {
    const match = GRAMMAR.exec(value);
    if (match !== null) {
      let total = 0;
      UNITS.forEach(([, unitMs], index) => {
        const whole = match[2 * index + 1];
        const fraction = match[2 * index + 2];
        // The fraction as digits over a power of ten, so '1.1s' is 1100 ms exactly.
        if (whole !== undefined) total += Number(whole) * unitMs + (fraction === undefined ? 0 : (Number(fraction) * unitMs) / 10 ** fraction.length);
      });
      if (total <= MAX_DURATION_MS) return total;
      throw invalid(`${what} must be at most 100 years (36525d); got ${JSON.stringify(value)}.`);
    }
  }
  throw invalid(`${what} must be ${GRAMMAR_TEXT}; got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}.`);
}

function invalid(message: string): BatonError {
  return new BatonError(BatonErrorCode.DurationInvalid, message);
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
