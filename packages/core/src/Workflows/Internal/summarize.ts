import { jsonSummary } from '../../Errors/Internal/jsonSummary.js';

/** The default size limit of a recorded input or output summary. */
export const SUMMARY_LIMIT = 2048;

/**
 * A JSON summary of `value` for a run record, at most `limit` characters (truncated with `…`). Never throws.
 *
 * @remarks `undefined` stays `undefined`. The summary is built by a walk that stops at the limit (see jsonSummary):
 * a large or deep value is never stringified whole, and the summary keeps no part of it alive. Bigints, functions,
 * symbols, cycles and parts that cannot be read become readable text.
 */
export function summarize(value: unknown, limit = SUMMARY_LIMIT): string | undefined {
  return value === undefined ? undefined : jsonSummary(value, limit);
}
