/**
 * What every write of a running run carries: who writes, at which epoch, and for how long the write renews the
 * owner's lease. A store refuses a write whose epoch is not the run's current one (BATON_ERR_RUNS_STALE_EPOCH).
 */
export interface RunLease {
  readonly owner: string;
  readonly epoch: number;
  /** The lease's time to live: a fenced write extends it to the store's now + `ttlMs`. */
  readonly ttlMs: number;
}
