import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { assertKeys, classDependencies, describeValue, invalidRegistration as invalid } from './Internal/classDependencies.js';
import { consumersOf } from './Internal/consumers.js';
import { DefaultServiceProvider } from './Internal/DefaultServiceProvider.js';
import type { Registration } from './Internal/Registration.js';
import type { InversifyContainer } from './InversifyContainer.js';
import type { ServiceCollectionOptions } from './ServiceCollectionOptions.js';
import type { ServiceLifetime } from './ServiceLifetime.js';
import type { ServiceProvider } from './ServiceProvider.js';
import type { ServiceResolver } from './ServiceResolver.js';
import { describeKey, type ServiceKey } from './Token.js';

/**
 * A class the container can construct: constructor parameters declared with `@inject(key)`, or listed in a
 * static `inject` array (the decorator-free path, checked with `satisfies InjectList<typeof C>`), or no parameters
 * at all.
 */
export type InjectableClass<T> = (new (...args: never[]) => T) & { readonly inject?: readonly ServiceKey<unknown>[] };

/**
 * How a service is made: a class (or `{ useClass }`), a factory that receives a resolver (with optional `deps`, so
 * start-time validation can see them), or a ready value (singletons only).
 */
export type Implementation<T> =
  | InjectableClass<T>
  | { readonly useClass: InjectableClass<T> }
  | { readonly useFactory: (services: ServiceResolver) => T; readonly deps?: readonly ServiceKey<unknown>[] }
  | { readonly useValue: T };

/**
 * The registrations of a host, before it starts: `addSingleton`, `addScoped` and `addTransient`.
 *
 * @remarks A later registration for the same key replaces the earlier one. Registration problems (a class
 * that cannot be constructed, a value registered as scoped) throw `BATON_ERR_DI_INVALID_REGISTRATION` at once;
 * graph problems (missing binding, cycle, captive dependency) are checked by {@link ServiceProvider.validate},
 * which the host runs at start.
 * @example
 * ```ts
 * const services = new ServiceCollection()
 *   .addSingleton(Clock, { useValue: systemClock })
 *   .addScoped(UnitOfWork, SqlUnitOfWork)
 *   .addTransient(Mailer, { useFactory: (s) => new SmtpMailer(s.get(Config)), deps: [Config] });
 * const provider = services.buildServiceProvider();
 * await using scope = provider.createScope();
 * scope.get(UnitOfWork);
 * ```
 */
export class ServiceCollection {
  readonly #registrations = new Map<ServiceKey<unknown>, Registration>();
  readonly #container: InversifyContainer | undefined;
  #built = false;

  /**
   * @param options - `container`: an inversify `Container` whose bindings resolve the keys this collection does
   * not register (see {@link ServiceCollectionOptions.container}).
   * @throws BATON_ERR_DI_INVALID_CONTAINER when `container` has no `isBound` and `get` functions, or on an
   * unknown option.
   */
  constructor(options?: ServiceCollectionOptions) {
    this.#container = checkOptions(options);
  }

  /** One instance for the whole provider. */
  addSingleton<T>(key: ServiceKey<T>, implementation?: Implementation<T>): this {
    return this.#add('singleton', key, implementation);
  }

  /** One instance per scope, disposed with the scope. */
  addScoped<T>(key: ServiceKey<T>, implementation?: Implementation<T>): this {
    return this.#add('scoped', key, implementation);
  }

  /** A new instance on every resolve. */
  addTransient<T>(key: ServiceKey<T>, implementation?: Implementation<T>): this {
    return this.#add('transient', key, implementation);
  }

  /** Whether something is registered for `key`. */
  has(key: ServiceKey<unknown>): boolean {
    return this.#registrations.has(key);
  }

  /** Removes the registration for `key`; returns whether there was one. */
  remove(key: ServiceKey<unknown>): boolean {
    this.#assertOpen();
    return this.#registrations.delete(key);
  }

  /** The lifetime `key` is registered with, if it is. */
  lifetimeOf(key: ServiceKey<unknown>): ServiceLifetime | undefined {
    return this.#registrations.get(key)?.lifetime;
  }

  /** The registered keys, in registration order. */
  keys(): ServiceKey<unknown>[] {
    return [...this.#registrations.keys()];
  }

  /**
   * Builds the root provider. The collection is closed afterwards: later changes would not be seen.
   * @throws BATON_ERR_DI_PROVIDER_BUILT when called twice; changes after it throw the same. (A host's `services`
   * refuse changes after start with BATON_ERR_HOST_REGISTRATION_CLOSED.)
   */
  buildServiceProvider(): ServiceProvider {
    this.#assertOpen();
    this.#built = true;
    return new DefaultServiceProvider(new Map(this.#registrations), consumersOf(this), this.#container);
  }

  #assertOpen(): void {
    if (this.#built) {
      throw new BatonError(
        BatonErrorCode.DiProviderBuilt,
        'The service collection was already built into a provider; register services before the host starts.',
      );
    }
  }

  #add<T>(lifetime: ServiceLifetime, key: ServiceKey<T>, implementation: Implementation<T> | undefined): this {
    this.#assertOpen();
    if (typeof key !== 'symbol' && typeof key !== 'function') {
      throw invalid(`A service key must be a token (see token()) or a class; got ${describeValue(key)}.`);
    }
    const name = describeKey(key);
    const impl = implementation ?? (typeof key === 'function' ? (key as unknown as InjectableClass<T>) : undefined);
    if (impl === undefined) {
      throw invalid(`Service '${name}' is a token, so it needs an implementation: a class, { useClass }, { useFactory } or { useValue }.`);
    }
    this.#registrations.set(key, toRegistration(lifetime, key, name, impl));
    return this;
  }
}

function checkOptions(options: ServiceCollectionOptions | undefined): InversifyContainer | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new BatonError(BatonErrorCode.DiInvalidContainer, `ServiceCollection options must be an object; got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'container') throw new BatonError(BatonErrorCode.DiInvalidContainer, `Unknown ServiceCollection option '${key}'; expected container.`);
  }
  const { container } = options;
  if (container === undefined) return undefined;
  const candidate = container as unknown as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate['isBound'] !== 'function' || typeof candidate['get'] !== 'function') {
    throw new BatonError(
      BatonErrorCode.DiInvalidContainer,
      `container must be an inversify Container (isBound and get functions); got ${describeValue(container)}.`,
    );
  }
  return container;
}

function toRegistration<T>(lifetime: ServiceLifetime, key: ServiceKey<T>, name: string, impl: Implementation<T>): Registration {
  if (typeof impl === 'function') return classRegistration(lifetime, key, name, impl);
  if (typeof impl !== 'object' || impl === null) {
    throw invalid(`Service '${name}' has an invalid implementation ${describeValue(impl)}: expected a class, { useClass }, { useFactory } or { useValue }.`);
  }
  if ('useClass' in impl) {
    if (typeof impl.useClass !== 'function') throw invalid(`Service '${name}': useClass must be a class; got ${describeValue(impl.useClass)}.`);
    return classRegistration(lifetime, key, name, impl.useClass);
  }
  if ('useFactory' in impl) {
    if (typeof impl.useFactory !== 'function') throw invalid(`Service '${name}': useFactory must be a function; got ${describeValue(impl.useFactory)}.`);
    const deps = impl.deps ?? [];
    assertKeys(name, deps);
    return { key, name, lifetime, kind: 'factory', factory: impl.useFactory, deps };
  }
  if ('useValue' in impl) {
    if (lifetime !== 'singleton') {
      throw invalid(`Service '${name}' is a value, so it can only be a singleton; use addSingleton, or a factory for a ${lifetime} service.`);
    }
    return { key, name, lifetime, kind: 'value', value: impl.useValue, deps: [] };
  }
  throw invalid(`Service '${name}' has an invalid implementation: expected a class, { useClass }, { useFactory } or { useValue }.`);
}

function classRegistration(lifetime: ServiceLifetime, key: ServiceKey<unknown>, name: string, type: InjectableClass<unknown>): Registration {
  const { decorated, deps } = classDependencies(type, name);
  return decorated ? { key, name, lifetime, kind: 'decorated', type, deps } : { key, name, lifetime, kind: 'class', type, deps };
}
