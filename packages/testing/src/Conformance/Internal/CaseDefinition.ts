import type { ConformanceContext } from './ConformanceContext.js';

/** One conformance case: a name that says what the contract requires, and a check that throws when a store breaks it. */
export interface CaseDefinition {
  readonly name: string;
  /** Left out when the suite is told the store has no `setRetention`. */
  readonly needsRetention?: boolean;
  run(t: ConformanceContext): Promise<void>;
}
