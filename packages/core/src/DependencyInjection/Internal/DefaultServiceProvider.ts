// The root provider and its scopes. inversify holds the bindings and constructs @inject-decorated classes;
// lifetimes (singleton per root, one instance per scope), disposal and the graph checks are ours, because
// inversify has no scoped lifetime and deactivates only singletons, on unbind. A key the registrations lack
// falls back to the app's own inversify container, when one was given, which then owns the instance.
import { Container } from 'inversify';
import type { InversifyContainer } from '../InversifyContainer.js';
import { ScopeFactory } from '../ScopeFactory.js';
import type { ServiceProvider } from '../ServiceProvider.js';
import type { ServiceResolver } from '../ServiceResolver.js';
import type { ServiceScope } from '../ServiceScope.js';
import { describeKey, type ServiceKey } from '../Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { disposeAll, isDisposable } from './disposeAll.js';
import type { Consumer } from './consumers.js';
import type { Registration } from './Registration.js';
import { chain, fix, validateRegistrations } from './validateRegistrations.js';

/** The context resolving right now; read by the dynamic values inversify calls for decorated constructors. */
let active: Resolver | undefined;
/** Registrations under construction, innermost last: a repeat is a cycle. */
const constructing: Registration[] = [];

abstract class Resolver implements ServiceResolver {
  protected readonly root: DefaultServiceProvider;

  // The root provider passes nothing: it is its own root.
  constructor(root?: DefaultServiceProvider) {
    this.root = root ?? (this as unknown as DefaultServiceProvider);
  }

  get<T>(key: ServiceKey<T>): T {
    const registration = this.root.registrations.get(key);
    if (registration !== undefined) return this.resolve(registration) as T;
    if (this.root.external?.isBound(key) === true) return this.#fromContainer(key) as T;
    throw this.root.missing(key);
  }

  tryGet<T>(key: ServiceKey<T>): T | undefined {
    const registration = this.root.registrations.get(key);
    if (registration !== undefined) return this.resolve(registration) as T;
    return this.root.external?.isBound(key) === true ? (this.#fromContainer(key) as T) : undefined;
  }

  has(key: ServiceKey<unknown>): boolean {
    return this.root.registrations.has(key) || this.root.external?.isBound(key) === true;
  }

  abstract readonly disposed: boolean;

  abstract resolve(registration: Registration): unknown;

  #fromContainer(key: ServiceKey<unknown>): unknown {
    if (this.disposed) {
      throw new BatonError(
        BatonErrorCode.DiScopeDisposed,
        `Cannot resolve '${describeKey(key)}': the ${this instanceof Scope ? 'scope' : 'service provider'} has been disposed.`,
      );
    }
    return this.root.external!.get(key);
  }
}

class Scope extends Resolver implements ServiceScope {
  readonly #instances = new Map<Registration, unknown>();
  readonly #owned: object[] = [];
  #disposing: Promise<void> | undefined;

  get disposed(): boolean {
    return this.#disposing !== undefined;
  }

  resolve(registration: Registration): unknown {
    if (this.#disposing !== undefined) {
      throw new BatonError(BatonErrorCode.DiScopeDisposed, `Cannot resolve '${registration.name}': the scope has been disposed.`);
    }
    switch (registration.lifetime) {
      case 'singleton':
        return this.root.singleton(registration);
      case 'scoped': {
        const cached = this.#instances.get(registration);
        if (cached !== undefined || this.#instances.has(registration)) return cached;
        const instance = this.root.construct(registration, this);
        this.#instances.set(registration, instance);
        if (isDisposable(instance)) this.#owned.push(instance);
        return instance;
      }
      case 'transient': {
        const instance = this.root.construct(registration, this);
        if (isDisposable(instance)) this.#owned.push(instance);
        return instance;
      }
    }
  }

  dispose(): Promise<void> {
    this.#disposing ??= disposeAll(this.#owned, 'scope');
    return this.#disposing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

export class DefaultServiceProvider extends Resolver implements ServiceProvider {
  readonly registrations: Map<ServiceKey<unknown>, Registration>;
  /** The app's own inversify container, for the keys the registrations lack. */
  readonly external: InversifyContainer | undefined;
  readonly #container = new Container();
  readonly #implementationIds = new Map<Registration, symbol>();
  readonly #singletons = new Map<Registration, unknown>();
  readonly #owned: object[] = [];
  #disposing: Promise<void> | undefined;

  readonly #consumers: readonly Consumer[];

  constructor(registrations: Map<ServiceKey<unknown>, Registration>, consumers: readonly Consumer[] = [], external?: InversifyContainer) {
    super();
    this.registrations = registrations;
    this.#consumers = consumers;
    this.external = external;
    registrations.set(ScopeFactory, { key: ScopeFactory, name: 'ScopeFactory', lifetime: 'singleton', kind: 'value', value: this, deps: [] });
    const routed = new Set<ServiceKey<unknown>>();
    for (const registration of registrations.values()) {
      if (registration.kind !== 'decorated') continue;
      const id = Symbol(registration.name);
      this.#container.bind(id).to(registration.type as never);
      this.#implementationIds.set(registration, id);
      // Route each constructor parameter back through our resolver, so lifetimes and checks stay ours.
      for (const dep of registration.deps) {
        if (routed.has(dep)) continue;
        routed.add(dep);
        this.#container.bind(dep).toDynamicValue(() => (active ?? this).get(dep));
      }
    }
  }

  get disposed(): boolean {
    return this.#disposing !== undefined;
  }

  createScope(): ServiceScope {
    if (this.#disposing !== undefined) {
      throw new BatonError(BatonErrorCode.DiScopeDisposed, 'Cannot create a scope: the service provider has been disposed.');
    }
    return new Scope(this);
  }

  validate(roots?: readonly ServiceKey<unknown>[]): void {
    const { external } = this;
    validateRegistrations(this.registrations, roots, this.#consumers, external === undefined ? undefined : (key) => external.isBound(key));
  }

  resolve(registration: Registration): unknown {
    switch (registration.lifetime) {
      case 'singleton':
        return this.singleton(registration);
      case 'scoped':
        throw this.scopedFromRoot(registration);
      case 'transient': {
        const instance = this.construct(registration, this);
        if (isDisposable(instance)) this.#owned.push(instance);
        return instance;
      }
    }
  }

  singleton(registration: Registration): unknown {
    const cached = this.#singletons.get(registration);
    if (cached !== undefined || this.#singletons.has(registration)) return cached;
    if (this.#disposing !== undefined) {
      throw new BatonError(BatonErrorCode.DiScopeDisposed, `Cannot resolve '${registration.name}': the service provider has been disposed.`);
    }
    const instance = this.construct(registration, this);
    this.#singletons.set(registration, instance);
    if (registration.kind !== 'value' && isDisposable(instance)) this.#owned.push(instance);
    return instance;
  }

  construct(registration: Registration, context: Resolver): unknown {
    if (constructing.includes(registration)) {
      const start = constructing.indexOf(registration);
      throw new BatonError(BatonErrorCode.DiCycle, `Dependency cycle: ${chain([...constructing.slice(start), registration])}.`);
    }
    constructing.push(registration);
    const previous = active;
    active = context;
    try {
      switch (registration.kind) {
        case 'value':
          return registration.value;
        case 'factory':
          return registration.factory(context);
        case 'class':
          return new registration.type(...(registration.deps.map((dep) => context.get(dep)) as never[]));
        case 'decorated':
          return this.#container.get(this.#implementationIds.get(registration) as symbol);
      }
    } finally {
      active = previous;
      constructing.pop();
    }
  }

  missing(key: ServiceKey<unknown>): BatonError {
    const path = constructing.map((registration) => registration.name);
    const name = typeof key === 'symbol' ? (key.description ?? 'Symbol()') : key.name;
    const neededBy = path.length > 0 ? ` (needed by ${[...path, name].join(' → ')})` : '';
    return new BatonError(
      BatonErrorCode.DiMissingBinding,
      `No service is registered for '${name}'${neededBy}. ${this.external === undefined ? fix(key) : fix(key).replace(/\.$/, ', or bind it in the inversify container.')}`,
    );
  }

  scopedFromRoot(registration: Registration): BatonError {
    const owner = constructing.find((entry) => entry.lifetime === 'singleton');
    if (owner !== undefined) {
      return new BatonError(
        BatonErrorCode.DiCaptiveDependency,
        `Singleton '${owner.name}' depends on scoped '${registration.name}' (${chain([...constructing, registration])}): ` +
          "a singleton would keep one scope's instance forever. Make the dependent scoped, or inject ScopeFactory and create a scope per unit of work.",
      );
    }
    return new BatonError(
      BatonErrorCode.DiScopedFromRoot,
      `Scoped service '${registration.name}' cannot be resolved from the root provider${constructing.length > 0 ? ` (${chain([...constructing, registration])})` : ''}. ` +
        'Resolve it from a scope: provider.createScope().get(...).',
    );
  }

  dispose(): Promise<void> {
    this.#disposing ??= disposeAll(this.#owned, 'service provider');
    return this.#disposing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
