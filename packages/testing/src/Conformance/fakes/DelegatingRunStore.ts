import type {
  LeasedRun,
  ListRunsOptions,
  RunCounts,
  RunLease,
  RunOutcome,
  RunPage,
  RunQuery,
  RunRecord,
  RunStore,
  StepRunRecord,
  StoreClaim,
  StoreWrite,
  TakeOver,
} from '@baton/core';

/** A RunStore that hands every call to `inner`: the broken stores override the one call they break. */
export class DelegatingRunStore implements RunStore {
  /** The inner store's, when it has one. */
  setRetention?: (workflow: string, maxRuns: number) => Promise<void>;

  constructor(protected readonly inner: RunStore) {
    if (inner.setRetention !== undefined) this.setRetention = (workflow, maxRuns) => inner.setRetention!(workflow, maxRuns);
  }

  createRun(run: RunRecord, lease: RunLease): StoreClaim {
    return this.inner.createRun(run, lease);
  }

  recordStep(runId: string, lease: RunLease, step: StepRunRecord): StoreWrite {
    return this.inner.recordStep(runId, lease, step);
  }

  finishRun(id: string, lease: RunLease, outcome: RunOutcome): StoreWrite {
    return this.inner.finishRun(id, lease, outcome);
  }

  renewLeases(owner: string, ttlMs: number, runs: readonly LeasedRun[]): Promise<string[]> {
    return this.inner.renewLeases(owner, ttlMs, runs);
  }

  expiredRuns(limit: number): Promise<RunRecord[]> {
    return this.inner.expiredRuns(limit);
  }

  takeOver(id: string, takeOver: TakeOver): Promise<RunRecord | undefined> {
    return this.inner.takeOver(id, takeOver);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.inner.getRun(id);
  }

  listRuns(workflow: string, options?: ListRunsOptions): Promise<RunRecord[]> {
    return this.inner.listRuns(workflow, options);
  }

  queryRuns(query?: RunQuery): Promise<RunPage> {
    return this.inner.queryRuns(query);
  }

  countRuns(): Promise<RunCounts[]> {
    return this.inner.countRuns();
  }

  lastRun(workflow: string): Promise<RunRecord | undefined> {
    return this.inner.lastRun(workflow);
  }

  lastScheduledAt(workflow: string): Promise<number | undefined> {
    return this.inner.lastScheduledAt(workflow);
  }
}
