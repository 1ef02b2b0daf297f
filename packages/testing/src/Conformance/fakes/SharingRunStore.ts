import type { RunLease, RunRecord, StepRunRecord } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

/** Broken: keeps the step objects its callers pass to recordStep, and hands them out again on reads. */
export class SharingRunStore extends DelegatingRunStore {
  readonly #steps = new Map<string, Map<string, StepRunRecord>>();

  override async recordStep(runId: string, lease: RunLease, step: StepRunRecord): Promise<void> {
    await this.inner.recordStep(runId, lease, step);
    const steps = this.#steps.get(runId) ?? new Map<string, StepRunRecord>();
    this.#steps.set(runId, steps.set(step.name, step));
  }

  override async getRun(id: string): Promise<RunRecord | undefined> {
    const run = await this.inner.getRun(id);
    const kept = this.#steps.get(id);
    return run === undefined || kept === undefined ? run : { ...run, steps: run.steps.map((step) => kept.get(step.name) ?? step) };
  }
}
