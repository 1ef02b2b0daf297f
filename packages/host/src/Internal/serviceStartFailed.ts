import { BatonError, BatonErrorCode, toError } from '@baton/core';

/** `BATON_ERR_SERVICE_START_FAILED` for hosted service `name`, keeping the original error as `cause`. */
export function serviceStartFailed(name: string, what: string, cause: unknown): BatonError {
  return new BatonError(
    BatonErrorCode.ServiceStartFailed,
    `Hosted service '${name}' ${what}: ${toError(cause).message}. Check its dependencies are registered and its start() succeeds.`,
    { cause },
  );
}
