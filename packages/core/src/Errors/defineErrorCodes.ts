import type { AnyBatonErrorCode } from './AnyBatonErrorCode.js';
import { BatonError } from './BatonError.js';
import type { BatonErrorCode } from './BatonErrorCode.js';
import { errorCodeRegistry } from './Internal/errorCodeRegistry.js';

// Literals rather than BatonErrorCode.X: core's own codes are defined through this function, so the map does not
// exist yet while it runs. The type import still checks them against core's codes.
const INVALID: BatonErrorCode = 'BATON_ERR_ERROR_CODES_INVALID';
const DUPLICATE: BatonErrorCode = 'BATON_ERR_ERROR_CODES_DUPLICATE';

/** `BATON_ERR_<AREA>_<WHAT>`: upper-case words joined by single underscores, at least two after the prefix. */
const CODE_SHAPE = /^BATON_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)+$/;

/**
 * Defines the error codes a package owns, and records them in the process-wide registry.
 *
 * @param owner - The package that owns the codes, e.g. `'@baton/postgres'`. docs/reference/errors.md has one section
 * per owner, headed `## <owner>`.
 * @param codes - A map from a name to its code, e.g. `{ PostgresUnreachable: 'BATON_ERR_POSTGRES_UNREACHABLE' }`.
 * @returns The same map, frozen, with its literal types: pass its values to `new BatonError(code, message)`.
 * @throws {@link BatonError} `BATON_ERR_ERROR_CODES_INVALID` when `owner` is empty or a code is not shaped
 * `BATON_ERR_<AREA>_<WHAT>`; `BATON_ERR_ERROR_CODES_DUPLICATE` when another package already owns a code, or the map
 * lists one code twice. Nothing is recorded when it throws.
 *
 * @remarks Defining the same code again for the same owner is allowed, so two copies of one package can both load.
 * A released code is never renamed or reused.
 *
 * @example
 * ```ts
 * export const PostgresErrorCode = defineErrorCodes('@baton/postgres', {
 *   PostgresUnreachable: 'BATON_ERR_POSTGRES_UNREACHABLE',
 * } as const);
 * throw new BatonError(PostgresErrorCode.PostgresUnreachable, 'PostgreSQL at 127.0.0.1:5432 did not answer.');
 * ```
 */
export function defineErrorCodes<const Codes extends Readonly<Record<string, AnyBatonErrorCode>>>(owner: string, codes: Codes): Readonly<Codes> {
  if (typeof owner !== 'string' || owner.trim() === '') {
    throw new BatonError(INVALID, `defineErrorCodes needs the owning package's name, e.g. '@baton/postgres'; got ${describe(owner)}.`);
  }
  if (typeof codes !== 'object' || codes === null || Array.isArray(codes)) {
    throw new BatonError(INVALID, `defineErrorCodes('${owner}', codes) needs an object of name → code; got ${describe(codes)}.`);
  }
  const registry = errorCodeRegistry();
  const seen = new Map<string, string>();
  for (const [name, code] of Object.entries(codes) as [string, unknown][]) {
    if (typeof code !== 'string' || !CODE_SHAPE.test(code)) {
      throw new BatonError(
        INVALID,
        `Error code ${name} of '${owner}' is ${describe(code)}; a code reads BATON_ERR_<AREA>_<WHAT>, e.g. 'BATON_ERR_POSTGRES_UNREACHABLE'.`,
      );
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new BatonError(DUPLICATE, `'${owner}' lists ${code} twice, as ${earlier} and ${name}; give each its own code.`);
    }
    seen.set(code, name);
    const holder = registry.get(code as AnyBatonErrorCode);
    if (holder !== undefined && holder !== owner) {
      throw new BatonError(DUPLICATE, `'${owner}' defines ${code}, which '${holder}' already owns; a code belongs to one package, so choose another.`);
    }
  }
  for (const code of seen.keys()) registry.set(code as AnyBatonErrorCode, owner);
  return Object.freeze({ ...codes });
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
