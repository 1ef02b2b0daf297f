import { classDependencies } from './Internal/classDependencies.js';
import type { ServiceKey } from './Token.js';

/**
 * The keys the container passes to `type`'s constructor, in parameter order: from `@inject(key)` on its parameters,
 * else from its static `inject` list; empty for a class that declares neither.
 *
 * @remarks For hosts that construct a class themselves with one dependency swapped (as `@baton/host` does to give each
 * hosted service a logger carrying its name). Checks the class as a registration would.
 * @throws BATON_ERR_DI_INVALID_REGISTRATION, naming the class and the parameter, for a class the container would
 * refuse: an undecorated parameter, a static inject list that is too short, or whose keys name the constructor's
 * parameters in another order.
 * @example
 * ```ts
 * class Mailer { static inject = [Clock, Logger] as const; constructor(clock: Clock, log: Logger) {} }
 * constructorDependencies(Mailer); // [Clock, Logger]
 * ```
 */
export function constructorDependencies(type: abstract new (...args: never[]) => unknown): readonly ServiceKey<unknown>[] {
  return [...classDependencies(type, type.name).deps];
}
