import type { RunLease, RunOutcome, StepRunRecord } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

/** Broken: no fencing. A write of a running run lands whatever its lease's owner and epoch. */
export class EpochBlindRunStore extends DelegatingRunStore {
  override async recordStep(runId: string, lease: RunLease, step: StepRunRecord): Promise<void> {
    await this.inner.recordStep(runId, await this.#current(runId, lease), step);
  }

  override async finishRun(id: string, lease: RunLease, outcome: RunOutcome): Promise<void> {
    await this.inner.finishRun(id, await this.#current(id, lease), outcome);
  }

  /** The lease the run is at, keeping the writer's ttl. */
  async #current(id: string, lease: RunLease): Promise<RunLease> {
    const run = await this.inner.getRun(id);
    return run?.owner === undefined ? lease : { owner: run.owner, epoch: run.epoch, ttlMs: lease.ttlMs };
  }
}
