import { BatonError, BatonErrorCode, type Logger } from '@baton/core';
import { describeValue } from '../Internal/describeValue.js';
import { PinoLogger } from '../Internal/PinoLogger.js';
import type { PinoLike } from './PinoLike.js';

/**
 * Adapts an app's pino logger to the `@baton/core` {@link Logger} contract: `info(message, fields)` becomes pino's
 * `info(fields, message)`, children become pino children, and every Error in the fields is written as its name,
 * message, stack, code and cause (pino serialises only `err` itself).
 *
 * @remarks `createHost({ logger })` recognises a pino logger by its shape and adapts it the same way, so the fields
 * are never silently dropped; `@baton/host` does not depend on pino. Pino's own level applies; `logLevel` filters on
 * top of it when you set it.
 * @throws BATON_ERR_HOST_INVALID_LOGGER when `logger` lacks one of `error`, `warn`, `info`, `debug` or `child`.
 * @example
 * ```ts
 * import pino from 'pino';
 * import { createHost, fromPino } from '@baton/host';
 *
 * const host = createHost({ logger: fromPino(pino({ level: 'info' })) });
 * ```
 */
export function fromPino(logger: PinoLike): Logger {
  const candidate = logger as unknown as Record<string, unknown> | null;
  const missing =
    typeof candidate !== 'object' || candidate === null
      ? ['error', 'warn', 'info', 'debug', 'child']
      : ['error', 'warn', 'info', 'debug', 'child'].filter((method) => typeof candidate[method] !== 'function');
  if (missing.length > 0) {
    throw new BatonError(
      BatonErrorCode.HostInvalidLogger,
      `fromPino needs a pino logger (error, warn, info, debug and child functions); got ${describeValue(logger)}, without ${missing.join(', ')}.`,
    );
  }
  return new PinoLogger(logger);
}
