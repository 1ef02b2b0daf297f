// Constructor parameter keys recorded by @baton/core's `inject` decorator, read by validation and construction.
// They are kept as reflect-metadata on the class, under a string key, rather than in a module-level map: the
// registry reflect-metadata keeps is one per process (it lives on the global `Reflect`), so a class decorated
// through the CommonJS build of @baton/core can be registered with a host running on the ESM build, or on
// another copy of the package.
import 'reflect-metadata';
import type { ServiceKey } from '../Token.js';

const CONSTRUCTOR_KEYS = '@baton/core/inject:constructorKeys';

export function recordConstructorKey(target: object, index: number, key: ServiceKey<unknown>): void {
  const keys = (Reflect.getOwnMetadata(CONSTRUCTOR_KEYS, target) as ServiceKey<unknown>[] | undefined) ?? [];
  keys[index] = key;
  Reflect.defineMetadata(CONSTRUCTOR_KEYS, keys, target);
}

/** The decorated constructor keys of `type` (its own, not a base class's), or `undefined` when it has none. */
export function decoratedConstructorKeys(type: object): readonly ServiceKey<unknown>[] | undefined {
  return Reflect.getOwnMetadata(CONSTRUCTOR_KEYS, type) as ServiceKey<unknown>[] | undefined;
}
