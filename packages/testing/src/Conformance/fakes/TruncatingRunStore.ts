import type { RunLease, RunRecord, StepRunRecord } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

const LIMIT = 65_535;

/** Broken: checkpoints go into a 64 KB column, so a large input or step output comes back cut short. */
export class TruncatingRunStore extends DelegatingRunStore {
  override createRun(run: RunRecord, lease: RunLease): Promise<boolean> | boolean {
    return this.inner.createRun(run.input === undefined ? run : { ...run, input: run.input.slice(0, LIMIT) }, lease);
  }

  override recordStep(runId: string, lease: RunLease, step: StepRunRecord): Promise<void> | void {
    return this.inner.recordStep(runId, lease, step.output === undefined ? step : { ...step, output: step.output.slice(0, LIMIT) });
  }
}
