import type { ServiceResolver } from './ServiceResolver.js';
import type { ServiceScope } from './ServiceScope.js';
import type { ServiceKey } from './Token.js';

/**
 * The root resolver built from a {@link ServiceCollection}. Resolves singletons and transients;
 * resolving a scoped service from it throws `BATON_ERR_DI_SCOPED_FROM_ROOT`: create a scope first.
 */
export interface ServiceProvider extends ServiceResolver, AsyncDisposable {
  /** Creates a scope for one unit of work. */
  createScope(): ServiceScope;
  /**
   * Checks the registrations reachable from `roots` (every registration when omitted) for missing bindings,
   * dependency cycles and captive dependencies, and throws the first problem as a BatonError naming the chain.
   */
  validate(roots?: readonly ServiceKey<unknown>[]): void;
  /** Disposes singletons and root-owned transients, in reverse order of creation. Idempotent. */
  dispose(): Promise<void>;
}
