import { BatonError } from '../BatonError.js';

/** The code of the BatonError `action` throws; a readable mismatch for anything else, `undefined` if nothing is thrown. */
export function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return BatonError.is(error) ? error.code : `not a BatonError: ${String(error)}`;
  }
  return undefined;
}
