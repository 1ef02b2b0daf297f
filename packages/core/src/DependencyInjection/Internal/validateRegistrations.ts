import type { ServiceLifetime } from '../ServiceLifetime.js';
import type { ServiceKey } from '../Token.js';
import { describeKey } from '../Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { Consumer } from './consumers.js';
import { missingHint } from './missingHints.js';
import type { Registration } from './Registration.js';

/** A link of a chain in a message: a registration, or a consumer that is not one. */
interface Link {
  readonly name: string;
  readonly lifetime?: ServiceLifetime;
}

/** `A → B → C`, for messages. */
export function chain(path: readonly Link[]): string {
  return path.map((entry) => entry.name).join(' → ');
}

/**
 * Walks the dependency graph from `roots` (keys resolved from the root provider), or from every registration,
 * and throws the first missing binding, cycle or captive dependency, naming the chain.
 * Factories are checked through their declared `deps` only.
 *
 * @remarks Without `roots`, the walk starts from the consumers (a workflow's `.uses`; their own keys are checked
 * by the engine, which knows lazy bindings), then from the registrations nothing depends on (a hosted service, an
 * app's entry points), then from the rest: so a chain is named from the service that needs it, not from the first
 * registration that happens to lead to the problem.
 *
 * Factories are checked through their declared `deps` only. A key that `isExternal` (bound in the app's own inversify
 * container) is a leaf: the container resolves its dependencies, and it cannot reach a scoped registration.
 */
export function validateRegistrations(
  registrations: ReadonlyMap<ServiceKey<unknown>, Registration>,
  roots?: readonly ServiceKey<unknown>[],
  consumers: readonly Consumer[] = [],
  isExternal?: (key: ServiceKey<unknown>) => boolean,
): void {
  const external = isExternal ?? (() => false);
  const howToRegister = (key: ServiceKey<unknown>): string =>
    isExternal === undefined ? fix(key) : fix(key).replace(/\.$/, ', or bind it in the inversify container.');
  // A registration explored once in a given context (held by a singleton or not) need not be explored again.
  const seen = { held: new Set<Registration>(), free: new Set<Registration>() };
  const visit = (deps: readonly ServiceKey<unknown>[], path: readonly Link[], heldBySingleton: boolean, skipMissing = false): void => {
    for (const dep of deps) {
      const target = registrations.get(dep);
      if (target === undefined && external(dep)) continue;
      if (target === undefined) {
        if (skipMissing) continue;
        throw new BatonError(
          BatonErrorCode.DiMissingBinding,
          `No service is registered for '${describeKey(dep)}' (needed by ${chain(path)} → ${describeKey(dep)}). ${howToRegister(dep)}`,
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
      visit(target.deps, next, held);
    }
  };

  if (roots === undefined) {
    for (const consumer of consumers) visit(consumer.deps, [consumer], false, true);
    for (const registration of startingPoints(registrations)) visit(registration.deps, [registration], registration.lifetime === 'singleton');
    return;
  }
  for (const key of roots) {
    const registration = registrations.get(key);
    if (registration === undefined && external(key)) continue;
    if (registration === undefined) {
      throw new BatonError(BatonErrorCode.DiMissingBinding, `No service is registered for '${describeKey(key)}'. ${howToRegister(key)}`);
    }
    if (registration.lifetime === 'scoped') {
      throw new BatonError(
        BatonErrorCode.DiScopedFromRoot,
        `Scoped service '${registration.name}' cannot be resolved from the root provider. Resolve it from a scope, or register it as a singleton.`,
      );
    }
    visit(registration.deps, [registration], true);
  }
}

/** Every registration, those nothing depends on first, each group in registration order. */
function startingPoints(registrations: ReadonlyMap<ServiceKey<unknown>, Registration>): Registration[] {
  const needed = new Set<ServiceKey<unknown>>();
  for (const registration of registrations.values()) for (const dep of registration.deps) needed.add(dep);
  const all = [...registrations.values()];
  return [...all.filter((registration) => !needed.has(registration.key)), ...all.filter((registration) => needed.has(registration.key))];
}

/** How to fix a missing binding for `key`: its own hint (see missingHints), or the registration methods. */
export function fix(key: ServiceKey<unknown>): string {
  return missingHint(key) ?? 'Register it with services.addSingleton, addScoped or addTransient.';
}
