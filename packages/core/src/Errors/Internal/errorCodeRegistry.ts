import type { AnyBatonErrorCode } from '../AnyBatonErrorCode.js';

const key = Symbol.for('@baton/core/errorCodes');

/**
 * The process-wide record of error codes: code → the package that owns it, in the order they were defined.
 *
 * @remarks Kept on `globalThis` under a `Symbol.for` key, so two copies of `@baton/core` (which a package manager may
 * load) share one registry. Its shape is a plain `Map` so that every copy reads it the same way.
 */
export function errorCodeRegistry(): Map<AnyBatonErrorCode, string> {
  const holder = globalThis as { [key]?: Map<AnyBatonErrorCode, string> };
  holder[key] ??= new Map();
  return holder[key];
}
