import type { ServiceKey } from './Token.js';

/** Resolves services: a {@link ServiceScope}, the root {@link ServiceProvider}, or the `get` a factory receives. */
export interface ServiceResolver {
  /** Resolves `key`; throws `BATON_ERR_DI_MISSING_BINDING` if nothing is registered for it. */
  get<T>(key: ServiceKey<T>): T;
  /** Resolves `key`, or returns `undefined` if nothing is registered for it. */
  tryGet<T>(key: ServiceKey<T>): T | undefined;
  /** Whether something is registered for `key`. */
  has(key: ServiceKey<unknown>): boolean;
}
