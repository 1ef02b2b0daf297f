import type { RunLease, RunOutcome, RunRecord, StepRunRecord } from '@baton/core';
import { DelegatingRunStore } from './DelegatingRunStore.js';

/** Broken: keeps the step objects its callers pass to recordStep (and finishRun), and hands them out again on reads. */
export class SharingRunStore extends DelegatingRunStore {
  readonly #steps = new Map<string, Map<string, StepRunRecord>>();

  override async recordStep(runId: string, lease: RunLease, step: StepRunRecord): Promise<void> {
    await this.inner.recordStep(runId, lease, step);
    this.#keep(runId, [step]);
  }

  override async finishRun(id: string, lease: RunLease, outcome: RunOutcome): Promise<void> {
    await this.inner.finishRun(id, lease, outcome);
    this.#keep(id, outcome.steps ?? []);
  }

  #keep(runId: string, records: readonly StepRunRecord[]): void {
    const steps = this.#steps.get(runId) ?? new Map<string, StepRunRecord>();
    for (const step of records) steps.set(step.name, step);
    this.#steps.set(runId, steps);
  }

  override async getRun(id: string): Promise<RunRecord | undefined> {
    const run = await this.inner.getRun(id);
    const kept = this.#steps.get(id);
    return run === undefined || kept === undefined ? run : { ...run, steps: run.steps.map((step) => kept.get(step.name) ?? step) };
  }
}
