/** The default size limit of a recorded input or output summary. */
export const SUMMARY_LIMIT = 2048;

/**
 * A JSON summary of `value` for a run record, at most `limit` characters (truncated with `…`).
 * `undefined` stays `undefined`; bigints, functions, symbols and cycles become readable text instead of throwing.
 */
export function summarize(value: unknown, limit = SUMMARY_LIMIT): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  // Primitives JSON knows need neither the replacer nor cycle tracking: the same text, without the allocations.
  // A finite number's JSON is its string form (NaN and the infinities are `null` in JSON).
  if (typeof value === 'number') return Number.isFinite(value) ? shorten(String(value), limit) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) {
    text = JSON.stringify(value);
    return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
  }
  try {
    const seen = new WeakSet<object>();
    text =
      JSON.stringify(value, (_key, item: unknown) => {
        if (typeof item === 'bigint') return `${item}n`;
        if (typeof item === 'function') return `[function ${item.name || 'anonymous'}]`;
        if (typeof item === 'symbol') return item.toString();
        if (typeof item === 'object' && item !== null) {
          if (seen.has(item)) return '[circular]';
          seen.add(item);
        }
        return item;
      }) ?? String(value);
  } catch {
    text = String(value);
  }
  return shorten(text, limit);
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
