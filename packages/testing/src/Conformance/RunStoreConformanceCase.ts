/** One case of the RunStore conformance suite, ready to run with any test runner (or none). */
export interface RunStoreConformanceCase {
  /** What the contract requires, prefixed by its area, e.g. `claims: a skipped record claims its slot too`. */
  readonly name: string;
  /** Makes a fresh store with the factory, checks the case on it, and disposes of it; rejects when the store fails the case. */
  run(): Promise<void>;
}
