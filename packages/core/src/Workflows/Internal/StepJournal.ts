// One run's step bookkeeping: each step transition as a record (kept for the run's final record and its
// compensations) written to the RunStore, with its events and log lines, and the contexts steps are called with.
// A failing step write is logged and the run goes on: only `createRun` failing stops a run (see WorkflowRun).
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunError } from '../../Runs/RunRecord.js';
import type { CompensationRecord, StepRunRecord } from '../../Runs/StepRunRecord.js';
import type { RunInfo } from '../StepContext.js';
import { isPromiseLike } from './isPromiseLike.js';
import type { ServiceSource } from './RunStepContext.js';
import { RunStepContext } from './RunStepContext.js';
import type { SignalSource } from './StepAttempt.js';
import { summarize } from './summarize.js';
import type { RunDependencies, RunRequest } from './RunRequest.js';

export class StepJournal {
  readonly deps: RunDependencies;
  readonly request: RunRequest;
  readonly workflow: string;
  readonly idempotencyKey: string;
  /** The run's logger (workflow and run id bound). */
  readonly log: Logger;
  /** True when the logger discards everything (NullLogger): log fields are then not even built. */
  readonly quiet: boolean;
  readonly #services: ServiceSource;
  // The latest record of each step, in the order the steps first started (an array: a run has a few steps, and a
  // scan from the end finds the current one at once).
  readonly #records: StepRunRecord[] = [];
  /** The run info of first attempts, shared by every step's first attempt. */
  #firstAttempt: RunInfo | undefined;

  constructor(deps: RunDependencies, request: RunRequest, workflow: string, idempotencyKey: string, log: Logger, quiet: boolean, services: ServiceSource) {
    this.deps = deps;
    this.request = request;
    this.workflow = workflow;
    this.idempotencyKey = idempotencyKey;
    this.log = log;
    this.quiet = quiet;
    this.#services = services;
  }

  /** The logger of step `name`. */
  stepLog(name: string): Logger {
    return this.quiet ? this.log : this.log.child({ step: name });
  }

  /** The context of an attempt of a step (or of a compensation). */
  context(input: unknown, signal: SignalSource, log: Logger, attempt: number): RunStepContext {
    const info = attempt === 1 ? (this.#firstAttempt ??= this.#info(1)) : this.#info(attempt);
    return new RunStepContext(this.#services, input, signal, log, info);
  }

  /** Records that an attempt begins (and, for the first, logs and emits `step.started`); a promise if the write is async. */
  begin(name: string, group: string | undefined, attempt: number, startedAt: number, lastError: RunError | undefined, log: Logger): Promise<void> | undefined {
    const began = this.write(stepRecord(name, group, 'running', attempt, startedAt, lastError, undefined, undefined));
    if (attempt === 1) {
      if (!this.quiet) log.debug('Step started');
      const { events } = this.deps;
      if (events.has('step.started')) events.emit('step.started', { workflow: this.workflow, runId: this.request.id, step: name, attempt });
    }
    return began;
  }

  /** Records a step's success; a promise if the write is async. */
  succeeded(name: string, group: string | undefined, attempt: number, startedAt: number, output: unknown, log: Logger, finishedAt?: number): Promise<void> | undefined {
    const done = this.finish(name, group, 'succeeded', attempt, startedAt, undefined, summarize(output), finishedAt);
    if (!this.quiet) log.info('Step succeeded', { attempts: attempt });
    return done;
  }

  /**
   * Records the step's final state and emits `step.finished` once it is written. Never rejects; returns `undefined`
   * when the store wrote synchronously (the event is then already emitted).
   */
  finish(
    name: string,
    group: string | undefined,
    status: StepRunRecord['status'],
    attempts: number,
    startedAt: number,
    error: RunError | undefined,
    outputSummary: string | undefined,
    finishedAt = this.deps.clock.now(),
  ): Promise<void> | undefined {
    const record = stepRecord(name, group, status, attempts, startedAt, error, outputSummary, finishedAt);
    const write = this.write(record);
    if (write === undefined) return void this.#finished(record);
    return write.then(() => this.#finished(record));
  }

  /**
   * Writes `record` as its step's latest state. Never rejects or throws: returns `undefined` when the store wrote
   * synchronously, else a promise of the write to wait for before the next one.
   */
  write(record: StepRunRecord): Promise<void> | undefined {
    const records = this.#records;
    let index = records.length - 1;
    while (index >= 0 && records[index]!.name !== record.name) index--;
    if (index === -1) records.push(record);
    else records[index] = record;
    try {
      const write = this.deps.store.recordStep(this.request.id, record);
      return isPromiseLike(write) ? Promise.resolve(write).then(undefined, (error: unknown) => this.#failed(record.name, error)) : undefined;
    } catch (error) {
      this.#failed(record.name, error);
      return undefined;
    }
  }

  /** Adds `compensation` to the records of `names` (a step, or each member of a parallel group), one write each. */
  async compensation(names: readonly string[], compensation: CompensationRecord): Promise<void> {
    for (const name of names) {
      const record = this.#get(name);
      if (record === undefined) continue;
      const write = this.write({ ...record, compensation });
      if (write !== undefined) await write;
    }
  }

  /** The latest record of every step, in the order they started: the journal's own list, handed over as the run ends. */
  handOver(): StepRunRecord[] {
    return this.#records;
  }

  #get(name: string): StepRunRecord | undefined {
    for (let index = this.#records.length - 1; index >= 0; index--) if (this.#records[index]!.name === name) return this.#records[index];
    return undefined;
  }

  #finished(record: StepRunRecord): void {
    const { events } = this.deps;
    if (events.has('step.finished')) events.emit('step.finished', { workflow: this.workflow, runId: this.request.id, step: record.name, record });
  }

  #info(attempt: number): RunInfo {
    const { id, trigger, scheduledAt } = this.request;
    return Object.freeze({ id, workflow: this.workflow, attempt, scheduledAt, trigger, idempotencyKey: this.idempotencyKey });
  }

  #failed(step: string, error: unknown): void {
    this.log.warn('Recording a step transition failed', { step, error: toError(error) });
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
