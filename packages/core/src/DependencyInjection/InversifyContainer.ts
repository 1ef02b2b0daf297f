import type { ServiceKey } from './Token.js';

/**
 * The part of an inversify `Container` (inversify 7 or 8) that Baton reads, when a team hands its own container
 * to a {@link ServiceCollection} (`new ServiceCollection({ container })`, or `createHost({ container })`).
 *
 * @remarks Declared structurally, so a container from the app's own copy of inversify fits whatever version
 * `@baton/core` was installed with. Baton only asks `isBound(key)` and `get(key)`; it never binds, unbinds or
 * disposes anything in the container.
 */
export interface InversifyContainer {
  /** Whether the container (or one of its parents) has a binding for `serviceIdentifier`. */
  isBound(serviceIdentifier: ServiceKey<unknown>): boolean;
  /** Resolves `serviceIdentifier`, applying the binding's own inversify scope (singleton, transient or request). */
  get(serviceIdentifier: ServiceKey<unknown>): unknown;
}
