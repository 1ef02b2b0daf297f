// What to do when a key has no registration, for keys that are not registered with services.add*: `Workflows` is
// registered by addWorkflow, for instance. Read by the missing-binding messages of validation and resolution.
import type { ServiceKey } from '../Token.js';

const hints = new Map<ServiceKey<unknown>, string>();

/** Sets the sentence a missing-binding error for `key` ends with, in place of "Register it with services.add...". */
export function setMissingHint(key: ServiceKey<unknown>, hint: string): void {
  hints.set(key, hint);
}

/** The hint for `key`, if it has one. */
export function missingHint(key: ServiceKey<unknown>): string | undefined {
  return hints.get(key);
}
