import type { ServiceResolver } from './ServiceResolver.js';

/**
 * A unit of work with its own scoped instances, e.g. one workflow run or one HTTP request.
 *
 * @remarks Scoped instances are created once per scope. {@link ServiceScope.dispose} disposes them
 * (`[Symbol.asyncDispose]`, then `[Symbol.dispose]`, then `dispose()`) in reverse order of creation; every disposer
 * runs even if one throws, and the errors are aggregated into `BATON_ERR_DI_DISPOSE_FAILED`. Use `await using`
 * or call `dispose()` in a `finally`. Resolving from a disposed scope throws `BATON_ERR_DI_SCOPE_DISPOSED`.
 */
export interface ServiceScope extends ServiceResolver, AsyncDisposable {
  /** Disposes the scope's instances; idempotent (later calls return the first call's promise). */
  dispose(): Promise<void>;
  /** Whether {@link ServiceScope.dispose} has been called. */
  readonly disposed: boolean;
}
