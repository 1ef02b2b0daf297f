import type { InversifyContainer } from './InversifyContainer.js';

/** Options for `new ServiceCollection(options)`. */
export interface ServiceCollectionOptions {
  /**
   * An inversify `Container` the app already has. A key that nothing in the collection registers, and that the
   * container binds, resolves from the container: in scopes, in workflow steps (`get(key)`, `.uses(key)`) and in
   * the constructors of hosted services.
   *
   * @remarks The collection's own registrations win over the container's bindings. Instances from the container
   * keep the scope of their inversify binding and belong to the container: Baton never caches or disposes them.
   * They count as singletons for Baton's graph checks (a singleton may depend on them, and they cannot depend on
   * Baton's scoped services, which the container does not see). For one instance per Baton scope, disposed with
   * it, register a factory that reads the container:
   * `services.addScoped(UnitOfWork, { useFactory: () => container.get(UnitOfWork) })`.
   */
  readonly container?: InversifyContainer;
}
