import type { AnyBatonErrorCode } from './AnyBatonErrorCode.js';
import { errorCodeRegistry } from './Internal/errorCodeRegistry.js';

/**
 * Every error code defined so far with {@link defineErrorCodes}, by owning package, in the order they were defined.
 *
 * @returns A snapshot: owner (e.g. `'@baton/core'`) → its codes. Packages define their codes when they are imported,
 * so import a package before reading its codes here.
 *
 * @remarks The repository's docs test reads it to keep docs/reference/errors.md in sync with every package.
 */
export function registeredErrorCodes(): ReadonlyMap<string, readonly AnyBatonErrorCode[]> {
  const byOwner = new Map<string, AnyBatonErrorCode[]>();
  for (const [code, owner] of errorCodeRegistry()) {
    const codes = byOwner.get(owner);
    if (codes === undefined) byOwner.set(owner, [code]);
    else codes.push(code);
  }
  return byOwner;
}
