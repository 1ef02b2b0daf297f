/** Options of `PostgresRunStore`. */
export interface PostgresRunStoreOptions {
  /**
   * Runs kept per workflow when the workflow sets no `history` of its own (see `RunStore.setRetention`): the oldest
   * finished ones are deleted as new runs are claimed, in bounded batches. Defaults to no limit by count.
   */
  readonly maxRunsPerWorkflow?: number;
  /** Finished runs older than this (ms since they finished) are deleted by `PostgresRunStore.prune`. Defaults to no limit by age. */
  readonly maxAgeMs?: number;
  /** Most runs one retention statement deletes. Defaults to 500. */
  readonly retentionBatch?: number;
}
