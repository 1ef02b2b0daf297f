import { BatonError, BatonErrorCode } from '@baton/core';

/** A `BATON_ERR_HOST_INVALID_OPTIONS` whose message starts with the option it is about. */
export function invalidOptions(message: string, cause?: unknown): BatonError {
  return new BatonError(BatonErrorCode.HostInvalidOptions, message, cause === undefined ? undefined : { cause });
}
