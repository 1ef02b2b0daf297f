import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { decoratedConstructorKeys } from './Internal/constructorKeys.js';
import { constructorParameterNames } from './Internal/constructorParameterNames.js';
import { consumersOf } from './Internal/consumers.js';
import { DefaultServiceProvider } from './Internal/DefaultServiceProvider.js';
import type { Registration } from './Internal/Registration.js';
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
  #built = false;

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
    return new DefaultServiceProvider(new Map(this.#registrations), consumersOf(this));
  }

  #assertOpen(): void {
    if (this.#built) {
      throw new BatonError(BatonErrorCode.DiProviderBuilt, 'The service collection was already built into a provider; register services before the host starts.');
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
  const decorated = decoratedConstructorKeys(type);
  const listed = type.inject;
  if (listed !== undefined && !Array.isArray(listed)) {
    throw invalid(`Service '${name}': static inject on class ${type.name} must be an array of keys.`);
  }
  if (decorated !== undefined) {
    const holes = [...decorated.keys()].filter((index) => decorated[index] === undefined);
    if (holes.length > 0 || decorated.length < type.length) {
      throw invalid(`Class ${type.name} (for '${name}') has constructor parameters without @inject(key); decorate every parameter.`);
    }
    return { key, name, lifetime, kind: 'decorated', type, deps: decorated };
  }
  const deps = listed ?? [];
  assertKeys(name, deps);
  const parameters = constructorParameterNames(type);
  if (deps.length < type.length) {
    const missing = parameters?.[deps.length];
    throw invalid(
      `Class ${type.name} (for '${name}') takes ${type.length} constructor parameter(s) but declares ${deps.length}` +
        (missing === undefined ? '' : `: parameter #${deps.length + 1} '${missing}' has no key`) +
        '. List them in a static inject array, or decorate them with @inject(key).',
    );
  }
  if (parameters !== undefined) assertInjectOrder(type, deps, parameters);
  return { key, name, lifetime, kind: 'class', type, deps };
}

/**
 * Refuses a static inject list whose keys name the constructor's parameters in another order (`[Logger, Clock]`
 * for `constructor(clock, logger)`): each parameter would get the other's service, and fail far from here.
 * Keys are compared by the last segment of their name (`@acme/Clock` is `clock`), ignoring case and punctuation;
 * a list whose keys do not name the parameters is left alone (`satisfies InjectList<typeof C>` checks those).
 */
function assertInjectOrder(type: InjectableClass<unknown>, deps: readonly ServiceKey<unknown>[], parameters: readonly string[]): void {
  const keyNames = deps.map((dep) => describeKey(dep).split('/').pop()!);
  const listed = keyNames.map(comparable);
  parameters.forEach((parameter, index) => {
    const wanted = comparable(parameter);
    if (index >= listed.length || listed[index] === wanted) return;
    const elsewhere = listed.indexOf(wanted);
    if (elsewhere === -1) return;
    throw invalid(
      `Class ${type.name} lists static inject [${keyNames.join(', ')}], but its constructor takes (${parameters.join(', ')}): ` +
        `parameter #${index + 1} '${parameter}' would get ${keyNames[index]}, listed for #${elsewhere + 1}. ` +
        `List the keys in the constructor's order, and check the list with \`satisfies InjectList<typeof ${type.name}>\`.`,
    );
  });
}

function comparable(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function assertKeys(name: string, deps: readonly unknown[]): void {
  deps.forEach((dep, index) => {
    if (typeof dep !== 'symbol' && typeof dep !== 'function') {
      throw invalid(`Service '${name}': dependency #${index} is ${describeValue(dep)}, not a token or a class. Is an import circular?`);
    }
  });
}

function invalid(message: string): BatonError {
  return new BatonError(BatonErrorCode.DiInvalidRegistration, message);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${value.name}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
