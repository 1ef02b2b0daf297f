import { BatonError, BatonErrorCode, type Logger } from '@baton/core';
import { describeValue } from '../Internal/describeValue.js';
import { WinstonLogger } from '../Internal/WinstonLogger.js';
import type { WinstonLike } from './WinstonLike.js';

/**
 * Adapts an app's winston logger to the `@baton/core` {@link Logger} contract: the host's lines and your services'
 * go through your transports and formats, with every Error in the fields written as its name, message, stack, code
 * and cause (winston's JSON would print `{}`).
 *
 * @remarks `createHost({ logger })` adapts a winston logger by itself; call this when you pass the logger elsewhere,
 * or to be explicit. `logLevel` still filters on top of winston's own level when you set it.
 * @throws BATON_ERR_HOST_INVALID_LOGGER when `logger` has no `log` and `child` functions.
 * @example
 * ```ts
 * import winston from 'winston';
 * import { createHost, fromWinston } from '@baton/host';
 *
 * const appLogger = winston.createLogger({ transports: [new winston.transports.Console()] });
 * const host = createHost({ logger: fromWinston(appLogger) });
 * ```
 */
export function fromWinston(logger: WinstonLike): Logger {
  const candidate = logger as unknown as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate['log'] !== 'function' || typeof candidate['child'] !== 'function') {
    throw new BatonError(BatonErrorCode.HostInvalidLogger, `fromWinston needs a winston logger (log and child functions); got ${describeValue(logger)}.`);
  }
  return new WinstonLogger(logger);
}
