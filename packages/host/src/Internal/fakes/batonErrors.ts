import { BatonError } from '@baton/core';

/** The BatonError `action` throws; fails the test if it throws nothing or something else. */
export function thrown(action: () => unknown): BatonError {
  try {
    action();
  } catch (error) {
    if (BatonError.is(error)) return error;
    throw error;
  }
  throw new Error('Expected a BatonError, but nothing was thrown');
}

/** The BatonError `promise` rejects with; fails the test if it resolves or rejects with something else. */
export async function rejection(promise: Promise<unknown>): Promise<BatonError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!BatonError.is(error)) throw new Error(`Expected a BatonError, got ${String(error)}`);
  return error;
}
