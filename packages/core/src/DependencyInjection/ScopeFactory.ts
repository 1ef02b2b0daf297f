import type { ServiceScope } from './ServiceScope.js';
import { token } from './Token.js';

/** Creates DI scopes; inject it into a singleton that needs per-unit-of-work services. */
export interface ScopeFactory {
  createScope(): ServiceScope;
}

/** DI token for {@link ScopeFactory}; every provider registers it. */
export const ScopeFactory = token<ScopeFactory>('@baton/core/ScopeFactory');
