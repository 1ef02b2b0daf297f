import { decoratedConstructorKeys } from './Internal/constructorKeys.js';
import type { ServiceKey } from './Token.js';

/**
 * The keys the container passes to `type`'s constructor, in parameter order: from `@inject(key)` on its parameters,
 * else from its static `inject` list; empty for a class that declares neither.
 *
 * @remarks For hosts that construct a class themselves with one dependency swapped (as `@baton/host` does to give each
 * hosted service a logger carrying its name).
 * @example
 * ```ts
 * class Mailer { static inject = [Clock, Logger] as const; constructor(clock: Clock, log: Logger) {} }
 * constructorDependencies(Mailer); // [Clock, Logger]
 * ```
 */
export function constructorDependencies(type: abstract new (...args: never[]) => unknown): readonly ServiceKey<unknown>[] {
  const decorated = decoratedConstructorKeys(type);
  if (decorated !== undefined) return [...decorated];
  const listed = (type as { inject?: unknown }).inject;
  return Array.isArray(listed) ? [...(listed as ServiceKey<unknown>[])] : [];
}
