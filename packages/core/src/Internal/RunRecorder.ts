// Writes one run's step transitions to the RunStore and keeps the latest record of each step, for the run's final
// record and its compensations. A failing step write is logged and the run goes on: only `createRun` failing stops a
// run (see WorkflowRun), and `finishRun` is written exactly once whatever happens.
import { toError } from '../Errors/toError.js';
import type { Logger } from '../Logging/Logger.js';
import type { RunError } from '../Runs/RunRecord.js';
import type { RunStore } from '../Runs/RunStore.js';
import type { CompensationRecord, StepRunRecord } from '../Runs/StepRunRecord.js';
import { isPromiseLike } from './isPromiseLike.js';

export class RunRecorder {
  readonly #store: RunStore;
  readonly #runId: string;
  readonly #log: Logger;
  // The latest record of each step, in the order the steps first started (an array: a run has a few steps, and a
  // scan from the end finds the current one at once).
  readonly #records: StepRunRecord[] = [];

  constructor(store: RunStore, runId: string, log: Logger) {
    this.#store = store;
    this.#runId = runId;
    this.#log = log;
  }

  /**
   * Writes `record` as its step's latest state. Never rejects or throws: returns `undefined` when the store wrote
   * synchronously, else a promise of the write to wait for before the next one.
   */
  step(record: StepRunRecord): Promise<void> | undefined {
    const records = this.#records;
    let index = records.length - 1;
    while (index >= 0 && records[index]!.name !== record.name) index--;
    if (index === -1) records.push(record);
    else records[index] = record;
    try {
      const write = this.#store.recordStep(this.#runId, record);
      return isPromiseLike(write) ? Promise.resolve(write).then(undefined, (error: unknown) => this.#failed(record.name, error)) : undefined;
    } catch (error) {
      this.#failed(record.name, error);
      return undefined;
    }
  }

  /** Adds `compensation` to the records of `names` (a step, or each member of a parallel group), one write each. */
  async compensation(names: readonly string[], compensation: CompensationRecord): Promise<void> {
    for (const name of names) {
      const record = this.get(name);
      if (record === undefined) continue;
      const write = this.step({ ...record, compensation });
      if (write !== undefined) await write;
    }
  }

  /** The latest record of step `name`. */
  get(name: string): StepRunRecord | undefined {
    for (let index = this.#records.length - 1; index >= 0; index--) if (this.#records[index]!.name === name) return this.#records[index];
    return undefined;
  }

  /** The latest record of every step, in the order they started: the recorder's own list, handed over as the run ends. */
  handOver(): StepRunRecord[] {
    return this.#records;
  }

  #failed(step: string, error: unknown): void {
    this.#log.warn('Recording a step transition failed', { step, error: toError(error) });
  }
}

/**
 * A step record, its keys in the order the records have always had: name, group, status, attempts, startedAt, then
 * error, outputSummary and finishedAt when set (a compensation is added later, after them). Not frozen: the store
 * copies what it keeps, and freezing every record costs a run more than it protects.
 */
export function stepRecord(
  name: string,
  group: string | undefined,
  status: StepRunRecord['status'],
  attempts: number,
  startedAt: number,
  error: RunError | undefined,
  outputSummary: string | undefined,
  finishedAt: number | undefined,
): StepRunRecord {
  const record: { -readonly [K in keyof StepRunRecord]: StepRunRecord[K] } =
    group === undefined ? { name, status, attempts, startedAt } : { name, group, status, attempts, startedAt };
  if (error !== undefined) record.error = error;
  if (outputSummary !== undefined) record.outputSummary = outputSummary;
  if (finishedAt !== undefined) record.finishedAt = finishedAt;
  return record;
}
