import { runStoreConformance, type RunStoreConformanceOptions } from './runStoreConformance.js';
import type { RunStoreFactory } from './RunStoreFactory.js';

/** The outcome of one conformance case: its name, and why the store failed it (absent when it passed). */
export interface RunStoreConformanceResult {
  readonly name: string;
  readonly error?: Error;
}

/**
 * Runs every case of {@link runStoreConformance} against stores from `factory`, one case after the other, without a
 * test runner; never rejects for a failing case.
 *
 * @param factory - Makes the store for one case: see {@link RunStoreFactory}.
 * @param options - See {@link RunStoreConformanceOptions}.
 * @returns One result per case, in the suite's order.
 * @example
 * ```ts
 * const failed = (await checkRunStoreConformance(({ clock }) => new InMemoryRunStore({ clock }))).filter((result) => result.error);
 * ```
 */
export async function checkRunStoreConformance(factory: RunStoreFactory, options?: RunStoreConformanceOptions): Promise<RunStoreConformanceResult[]> {
  const results: RunStoreConformanceResult[] = [];
  for (const { name, run } of runStoreConformance(factory, options)) {
    try {
      await run();
      results.push({ name });
    } catch (error) {
      results.push({ name, error: error instanceof Error ? error : new Error(`Non-Error value thrown: ${String(error)}`) });
    }
  }
  return results;
}
