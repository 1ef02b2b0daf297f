import { parseDuration } from '@baton/core';
import { describeValue } from './describeValue.js';
import { invalidOptions } from './invalidOptions.js';

/**
 * Parses a Duration option into milliseconds, or throws `BATON_ERR_HOST_INVALID_OPTIONS` naming `option`
 * (the parse error is kept as `cause`).
 */
export function parseOptionDuration(value: unknown, option: string, { positive = false } = {}): number {
  let ms: number;
  try {
    ms = parseDuration(value, option);
  } catch (error) {
    throw invalidOptions(`${option} must be milliseconds >= 0 or a duration string such as '30s', '500ms' or '1m30s'; got ${describeValue(value)}.`, error);
  }
  if (positive && ms <= 0) throw invalidOptions(`${option} must be greater than zero; got ${describeValue(value)}.`);
  return ms;
}
