/**
 * How long a resolved instance lives.
 * - `singleton`: one per root provider, created on first use, disposed with the provider.
 * - `scoped`: one per {@link ServiceScope}, disposed when the scope ends, in reverse order of creation.
 * - `transient`: a new instance on every resolve; disposable ones are disposed with the scope that made them.
 */
export type ServiceLifetime = 'singleton' | 'scoped' | 'transient';
