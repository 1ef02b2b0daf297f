/** One case of a conformance suite, ready to run with any test runner (or none). */
export interface ConformanceCase {
  /** What the contract requires, prefixed by the contract, e.g. `AuditLog: list pages through every entry once`. */
  readonly name: string;
  /** Makes a fresh implementation with the factory, checks the case on it, and disposes of it; rejects when it fails. */
  run(): Promise<void>;
}
