/** What `migrate()` (and the migrations at start) did, or, on a dry run, would do. */
export interface MigrationResult {
  /** The schema version before. 0 for a database without the schema. */
  readonly from: number;
  /** The schema version after (the code's version). */
  readonly to: number;
  /** The versions applied (or to apply). */
  readonly applied: readonly number[];
  /** The SQL of the migrations applied (or to apply), in order. */
  readonly sql: string;
}
