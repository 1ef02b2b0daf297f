import type { RunRecord, StepRunRecord } from '@baton/core';
import { isLeanEnd } from './stepWrites.js';

/** The most runs {@link FreshRuns} remembers (the oldest is forgotten first: it then ends the full way). */
const FRESH_LIMIT = 10_000;

/**
 * The runs a store claimed fresh (first attempt, never recovered, no steps), by id (lower case), with the epoch of
 * their claim, until their end: their step rows were all written through this store by the execution that ends them,
 * so an end whose records are all at their first attempt, with no compensation, takes the lean statement (each
 * record's row upserted, nothing else to mark failed or delete). The full statement's four other step CTEs touch no
 * row for such a run but cost ~10% of its server time, and their generic plans, made while step_runs was small, read
 * step_runs whole (54 buffers each at 4,000 rows, auto_explain, 2026-12-02). A run missing here (taken over, claimed
 * by another process, or dropped past {@link FRESH_LIMIT}) ends through the full statement.
 */
export class FreshRuns {
  readonly #epochs = new Map<string, number>();

  /** Remembers `run`, just created by this store's claim at `epoch`, if it is fresh. */
  claimed(run: RunRecord, epoch: number): void {
    if (run.status !== 'running' || run.attempt !== 1 || run.recoveries.length > 0 || run.steps.length > 0) return;
    this.#epochs.set(run.id.toLowerCase(), epoch);
    if (this.#epochs.size > FRESH_LIMIT) this.#epochs.delete(this.#epochs.keys().next().value!);
  }

  /** A step record written: a run whose record would not end lean is fresh no more. */
  stepWritten(id: string, step: StepRunRecord): void {
    if (!isLeanEnd([step])) this.forget(id);
  }

  /** Whether the end of `id` at `epoch` with these step records can take the lean statement; forgets the run. */
  endsLean(id: string, epoch: number, steps: readonly StepRunRecord[]): boolean {
    const key = id.toLowerCase();
    const lean = this.#epochs.get(key) === epoch && isLeanEnd(steps);
    this.#epochs.delete(key);
    return lean;
  }

  forget(id: string): void {
    this.#epochs.delete(id.toLowerCase());
  }
}
