import type { ServiceLifetime } from '../ServiceLifetime.js';
import type { ServiceResolver } from '../ServiceResolver.js';
import type { ServiceKey } from '../Token.js';

/** One normalised registration of a ServiceCollection. */
export type Registration = {
  readonly key: ServiceKey<unknown>;
  readonly name: string;
  readonly lifetime: ServiceLifetime;
  readonly deps: readonly ServiceKey<unknown>[];
} & (
  | { readonly kind: 'class'; readonly type: new (...args: never[]) => unknown }
  | { readonly kind: 'decorated'; readonly type: new (...args: never[]) => unknown }
  | { readonly kind: 'factory'; readonly factory: (services: ServiceResolver) => unknown }
  | { readonly kind: 'value'; readonly value: unknown }
);
