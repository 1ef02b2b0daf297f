// Constructor parameter keys recorded by @baton/core's `inject` decorator, read by validation and construction.
import type { ServiceKey } from '../Token.js';

const keysByClass = new WeakMap<object, ServiceKey<unknown>[]>();

export function recordConstructorKey(target: object, index: number, key: ServiceKey<unknown>): void {
  let keys = keysByClass.get(target);
  if (keys === undefined) {
    keys = [];
    keysByClass.set(target, keys);
  }
  keys[index] = key;
}

/** The decorated constructor keys of `type`, or `undefined` when it has none. */
export function decoratedConstructorKeys(type: object): readonly ServiceKey<unknown>[] | undefined {
  return keysByClass.get(type);
}
