/** Normalises a thrown value into an `Error` with a readable message, once, before it is logged or recorded. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
    const error = new Error((value as { message: string }).message, { cause: value });
    return error;
  }
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return new Error(`Non-Error value thrown: ${text}`, { cause: value });
}
