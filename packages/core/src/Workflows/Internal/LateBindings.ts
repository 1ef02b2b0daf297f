// Services bound after the provider was built (Workflows.bindLate): the provider is immutable, so late bindings
// live beside it and each run's resolver consults them before the run's DI scope.
import type { ServiceResolver } from '../../DependencyInjection/ServiceResolver.js';
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import type { LateImplementation } from '../Workflows.js';
import { isDisposable } from '../../DependencyInjection/Internal/disposeAll.js';

export class LateBindings {
  readonly #bindings = new Map<ServiceKey<unknown>, LateImplementation<unknown>>();

  has(key: ServiceKey<unknown>): boolean {
    return this.#bindings.has(key);
  }

  keys(): ServiceKey<unknown>[] {
    return [...this.#bindings.keys()];
  }

  bind(key: ServiceKey<unknown>, implementation: LateImplementation<unknown>): void {
    this.#bindings.set(key, implementation);
  }

  /** A resolver for one run: late bindings first, then `scope`. Factory results are cached per run and listed in `owned`. */
  forRun(scope: ServiceResolver): { readonly resolver: ServiceResolver; readonly owned: object[] } {
    const instances = new Map<ServiceKey<unknown>, unknown>();
    const owned: object[] = [];
    const bindings = this.#bindings;
    const resolver: ServiceResolver = {
      get<T>(key: ServiceKey<T>): T {
        const binding = bindings.get(key);
        if (binding === undefined) return scope.get(key);
        if ('useValue' in binding) return binding.useValue as T;
        if (!instances.has(key)) {
          const instance = binding.useFactory(resolver);
          instances.set(key, instance);
          if (isDisposable(instance)) owned.push(instance);
        }
        return instances.get(key) as T;
      },
      tryGet<T>(key: ServiceKey<T>): T | undefined {
        return bindings.has(key) || scope.has(key) ? resolver.get(key) : undefined;
      },
      has(key: ServiceKey<unknown>): boolean {
        return bindings.has(key) || scope.has(key);
      },
    };
    return { resolver, owned };
  }
}
