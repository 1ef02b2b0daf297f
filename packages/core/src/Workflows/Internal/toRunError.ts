import { toError } from '../../Errors/toError.js';
import type { RunError } from '../../Runs/RunRecord.js';

/**
 * Plain, storable, frozen data for a thrown value; a non-Error gets a readable message (see toError). Never throws:
 * a `stack` or `code` that cannot be read is left out. The code is a BatonError's `BATON_ERR_*`, or the error's own
 * string `code` (e.g. `ECONNRESET`).
 */
export function toRunError(value: unknown): RunError {
  const error = toError(value);
  const stack = read(error, 'stack');
  const code = read(error, 'code');
  return Object.freeze({
    name: error.name,
    message: error.message,
    ...(typeof stack === 'string' ? { stack } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  });
}

function read(error: Error, key: 'stack' | 'code'): unknown {
  try {
    return (error as { stack?: unknown; code?: unknown })[key];
  } catch {
    return undefined;
  }
}
