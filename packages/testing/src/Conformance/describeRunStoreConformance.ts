import { runStoreConformance, type RunStoreConformanceOptions } from './runStoreConformance.js';
import type { RunStoreFactory } from './RunStoreFactory.js';

/** The two functions of a test runner that {@link describeRunStoreConformance} registers cases with: vitest's, Jest's, Mocha's or node:test's. */
export interface TestRegistrar {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

/**
 * Registers the RunStore conformance suite with a test runner: one `describe(name)` holding one test per case.
 *
 * @remarks Pass the runner's own `describe` and `it`, so that `@baton/testing` depends on no runner. Each test makes a
 * fresh store with `factory`, and fails with the reason the store broke the contract.
 * @param name - The suite's name, e.g. the store's.
 * @param factory - Makes the store for one case: see {@link RunStoreFactory}.
 * @param registrar - The runner's `describe` and `it`.
 * @param options - See {@link RunStoreConformanceOptions}.
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 *
 * describeRunStoreConformance('InMemoryRunStore', ({ clock }) => new InMemoryRunStore({ clock }), { describe, it });
 * ```
 */
export function describeRunStoreConformance(name: string, factory: RunStoreFactory, registrar: TestRegistrar, options?: RunStoreConformanceOptions): void {
  const cases = runStoreConformance(factory, options);
  registrar.describe(name, () => {
    for (const { name: caseName, run } of cases) registrar.it(caseName, () => run());
  });
}
