import { BatonError } from '../../Errors/BatonError.js';
import { toError } from '../../Errors/toError.js';
import type { RunError } from '../../Runs/RunRecord.js';

/** Plain, storable, frozen data for a thrown value; a non-Error gets a readable message (see toError). */
export function toRunError(value: unknown): RunError {
  const error = toError(value);
  const own = (error as { code?: unknown }).code;
  const code = BatonError.is(error) ? error.code : typeof own === 'string' ? own : undefined;
  return Object.freeze({
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(code === undefined ? {} : { code }),
  });
}
