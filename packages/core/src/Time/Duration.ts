import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';

/** A duration: milliseconds as a number, or a string such as `'250ms'`, `'30s'`, `'5m'`, `'1h'`, `'1d'`, `'1h30m'`. */
export type Duration = number | `${number}${DurationUnit}` | (string & {});

/** The units a {@link Duration} string accepts. */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

const UNIT_MS: Readonly<Record<DurationUnit, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/**
 * Parses a {@link Duration} into milliseconds.
 *
 * @remarks Throws `BATON_ERR_DURATION_INVALID` for NaN, infinities, negatives, empty strings and unknown units.
 * Zero is allowed here; callers that need a positive duration check it themselves.
 * @param what - Names the option in the error message, e.g. `'shutdownTimeout'`.
 */
export function parseDuration(value: unknown, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new BatonError(BatonErrorCode.DurationInvalid, `${what} must be a finite number of milliseconds >= 0; got ${String(value)}.`);
    }
    return value;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
    let total = 0;
    let index = 0;
    PART.lastIndex = 0;
    for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
      total += Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
      index = PART.lastIndex;
    }
    if (text.length > 0 && index === text.length) return total;
  }
  throw new BatonError(
    BatonErrorCode.DurationInvalid,
    `${what} must be milliseconds or a duration string like '30s', '5m', '1h30m' (units: ms, s, m, h, d, w); got ${JSON.stringify(value)}.`,
  );
}
