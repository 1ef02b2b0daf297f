import type { ServiceKey } from '../Token.js';
import { describeKey } from '../Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { Registration } from './Registration.js';

/** `A → B → C`, for messages. */
export function chain(path: readonly { readonly name: string }[]): string {
  return path.map((entry) => entry.name).join(' → ');
}

/**
 * Walks the dependency graph from `roots` (keys resolved from the root provider), or from every registration,
 * and throws the first missing binding, cycle or captive dependency, naming the chain.
 * Factories are checked through their declared `deps` only. A key that `isExternal` (bound in the app's own inversify
 * container) is a leaf: the container resolves its dependencies, and it cannot reach a scoped registration.
 */
export function validateRegistrations(
  registrations: ReadonlyMap<ServiceKey<unknown>, Registration>,
  roots?: readonly ServiceKey<unknown>[],
  isExternal?: (key: ServiceKey<unknown>) => boolean,
): void {
  const external = isExternal ?? (() => false);
  const howToRegister = `Register it with services.addSingleton, addScoped or addTransient${isExternal === undefined ? '' : ', or bind it in the inversify container'}.`;
  // A registration explored once in a given context (held by a singleton or not) need not be explored again.
  const seen = { held: new Set<Registration>(), free: new Set<Registration>() };
  const visit = (registration: Registration, path: Registration[], heldBySingleton: boolean): void => {
    for (const dep of registration.deps) {
      const target = registrations.get(dep);
      if (target === undefined && external(dep)) continue;
      if (target === undefined) {
        throw new BatonError(
          BatonErrorCode.DiMissingBinding,
          `No service is registered for '${describeKey(dep)}' (needed by ${chain(path)} → ${describeKey(dep)}). ${howToRegister}`,
        );
      }
      const next = [...path, target];
      if (path.includes(target)) {
        throw new BatonError(BatonErrorCode.DiCycle, `Dependency cycle: ${chain(next.slice(path.indexOf(target)))}.`);
      }
      if (heldBySingleton && target.lifetime === 'scoped') {
        const owner = path.find((entry) => entry.lifetime === 'singleton') ?? path[0]!;
        throw new BatonError(
          owner.lifetime === 'singleton' ? BatonErrorCode.DiCaptiveDependency : BatonErrorCode.DiScopedFromRoot,
          owner.lifetime === 'singleton'
            ? `Singleton '${owner.name}' depends on scoped '${target.name}' (${chain(next)}): a singleton would keep one scope's instance forever. ` +
                'Make the dependent scoped, or inject ScopeFactory and create a scope per unit of work.'
            : `Scoped service '${target.name}' would be resolved from the root provider (${chain(next)}). Resolve it from a scope.`,
        );
      }
      const held = heldBySingleton || target.lifetime === 'singleton';
      const explored = held ? seen.held : seen.free;
      if (explored.has(target)) continue;
      explored.add(target);
      visit(target, next, held);
    }
  };

  const keys = roots ?? [...registrations.keys()];
  for (const key of keys) {
    const registration = registrations.get(key);
    if (registration === undefined && external(key)) continue;
    if (registration === undefined) {
      throw new BatonError(
        BatonErrorCode.DiMissingBinding,
        `No service is registered for '${describeKey(key)}'. ${howToRegister}`,
      );
    }
    const fromRoot = roots !== undefined;
    if (fromRoot && registration.lifetime === 'scoped') {
      throw new BatonError(
        BatonErrorCode.DiScopedFromRoot,
        `Scoped service '${registration.name}' cannot be resolved from the root provider. Resolve it from a scope, or register it as a singleton.`,
      );
    }
    visit(registration, [registration], fromRoot || registration.lifetime === 'singleton');
  }
}
