import { jsonSummary, UNSERIALIZABLE } from './Internal/jsonSummary.js';

/** How much of a thrown non-Error's JSON a message shows. */
const DESCRIPTION_LIMIT = 2048;

/**
 * Normalises a thrown value into an `Error` with a readable message, once, before it is logged or recorded.
 *
 * @remarks Never throws. An `Error` is returned as it is; an object with a string `message` becomes an `Error` with
 * that message; anything else becomes `Non-Error value thrown: <description>`, the description being the string
 * itself, the value's JSON (cut at 2 KB), or `[unserializable object]` for a value that cannot be read (a Proxy
 * whose traps throw, an object whose `toJSON` and `toString` throw). The value is kept as the `cause`.
 */
export function toError(value: unknown): Error {
  if (isReadableError(value)) return value;
  const message = messageOf(value);
  if (message !== undefined) return new Error(message, { cause: value });
  return new Error(`Non-Error value thrown: ${describeThrown(value)}`, { cause: value });
}

/** An Error whose name and message can be read (a Proxy of an Error may throw on either). */
function isReadableError(value: unknown): value is Error {
  try {
    return value instanceof Error && typeof value.name === 'string' && typeof value.message === 'string';
  } catch {
    return false;
  }
}

function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const message = (value as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const json = jsonSummary(value, DESCRIPTION_LIMIT);
    return json === UNSERIALIZABLE ? '[unserializable object]' : json;
  }
  try {
    return String(value);
  } catch {
    // A function whose Symbol.toPrimitive or toString throws.
    return `[unserializable ${typeof value}]`;
  }
}
