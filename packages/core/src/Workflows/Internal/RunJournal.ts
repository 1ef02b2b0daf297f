// What a run writes to the RunStore, fenced by its lease: the latest record of each step (kept for the run's final
// record and its compensations) and the run's end. The first write the store refuses for a stale epoch fences the
// run: it is aborted, and nothing more is written. Any other failing step write is logged and the run goes on.
// While the run's end is being written, a fence from outside (a heartbeat told the lease is gone) waits for that
// write's answer: the end releases the lease, so a renewal racing it reports the run lost although it simply ended.
// Once the end is written, a fence from outside is ignored: the run is over, and its record says how it ended.
// The success of the step that ends the run (see `holdSuccess`) is not written on its own: it goes with the run's end,
// in the same write (RunOutcome.steps), which saves a round trip per run.
import type { Mutable } from '../../Runs/Internal/Mutable.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunLease } from '../../Runs/RunLease.js';
import type { RunOutcome, RunStore, StoreWrite } from '../../Runs/RunStore.js';
import type { CompensationRecord, StepRunRecord } from '../../Runs/StepRunRecord.js';

export class RunJournal {
  readonly #store: RunStore;
  readonly #runId: string;
  readonly #lease: RunLease;
  readonly #log: Logger;
  readonly #onFenced: (reason: BatonError) => void;
  /** The latest record of each step, in the order they were first recorded. */
  readonly #steps: StepRunRecord[];
  #fenced: BatonError | undefined;
  /** The step whose success is held for the run's end, and that record once it is recorded. */
  #holding: string | undefined;
  #held: StepRunRecord | undefined;
  /** Whether the run's end is being written. */
  #finishing = false;
  /** A fence from outside that arrived while the end was being written: applied only if that write fails. */
  #fenceAfterFinish: BatonError | undefined;
  /** Whether the run's end is written. */
  #ended = false;

  constructor(store: RunStore, runId: string, lease: RunLease, steps: readonly StepRunRecord[], log: Logger, onFenced: (reason: BatonError) => void) {
    this.#store = store;
    this.#runId = runId;
    this.#lease = lease;
    this.#steps = [...steps];
    this.#log = log;
    this.#onFenced = onFenced;
  }

  get lease(): RunLease {
    return this.#lease;
  }

  /** Why the run may write no more (taken over, or its lease lost), once it is fenced. */
  get fenced(): BatonError | undefined {
    return this.#fenced;
  }

  /** The latest records of the steps, in the order they were first recorded. */
  get steps(): readonly StepRunRecord[] {
    return this.#steps;
  }

  step(name: string): StepRunRecord | undefined {
    const index = this.#indexOf(name);
    return index === -1 ? undefined : this.#steps[index];
  }

  // A loop rather than find/findIndex: no closure per call, twice a step (bench/cases/schedules-every-second.mjs).
  #indexOf(name: string): number {
    const steps = this.#steps;
    for (let index = 0; index < steps.length; index++) if (steps[index]!.name === name) return index;
    return -1;
  }

  /** Fences the run from outside (its lease could not be renewed in time, or the store no longer has it). */
  fence(reason: BatonError): void {
    if (this.#ended) return;
    if (this.#finishing) {
      this.#fenceAfterFinish ??= reason;
      return;
    }
    this.#fenceNow(reason);
  }

  #fenceNow(reason: BatonError): void {
    if (this.#fenced !== undefined) return;
    this.#fenced = reason;
    this.#onFenced(reason);
  }

  /**
   * The success of step `name` (the run's last step: nothing is written between it and the run's end) is held, and
   * written with the run's end instead of on its own.
   */
  holdSuccess(name: string): void {
    this.#holding = name;
  }

  /** Writes `record` as its step's latest state; a promise only when the store's write is one. */
  recordStep(record: StepRunRecord): Promise<boolean> | boolean {
    const index = this.#indexOf(record.name);
    if (index === -1) this.#steps.push(record);
    else this.#steps[index] = record;
    if (record.name === this.#holding && record.status === 'succeeded' && record.compensation === undefined) {
      this.#held = record;
      return this.#fenced === undefined;
    }
    if (record.name === this.#holding) this.#held = undefined;
    if (this.#fenced !== undefined) return false;
    let pending: StoreWrite;
    try {
      pending = this.#store.recordStep(this.#runId, this.#lease, record);
    } catch (error) {
      return this.#failed(error, record.name);
    }
    return pending === undefined ? true : pending.then(WRITTEN, (error: unknown) => this.#failed(error, record.name));
  }

  /** Adds `compensation` to the records of `names` (a step, or each member of a parallel group). */
  async recordCompensation(names: readonly string[], compensation: CompensationRecord): Promise<void> {
    for (const name of names) {
      const record = this.step(name);
      if (record !== undefined) await this.recordStep({ ...record, compensation });
    }
  }

  /** Writes the run's end; false if the run is fenced (nothing written) or the write failed (logged). */
  finish(outcome: RunOutcome): Promise<boolean> | boolean {
    if (this.#fenced !== undefined) return false;
    this.#finishing = true;
    let pending: StoreWrite;
    try {
      const held = this.#held;
      pending = this.#store.finishRun(this.#runId, this.#lease, held === undefined ? outcome : withSteps(outcome, [held]));
    } catch (error) {
      return this.#finished(this.#failed(error, undefined));
    }
    if (pending === undefined) return this.#finished(true);
    return pending.then(
      () => this.#finished(true),
      (error: unknown) => this.#finished(this.#failed(error, undefined)),
    );
  }

  #finished(written: boolean): boolean {
    this.#finishing = false;
    this.#ended = written;
    const deferred = this.#fenceAfterFinish;
    this.#fenceAfterFinish = undefined;
    if (!written && deferred !== undefined) this.#fenceNow(deferred);
    return written;
  }

  /** A write that failed: refused for a stale epoch (the run is fenced), or logged. `step`: the step's name, else the run's end. */
  #failed(error: unknown, step: string | undefined): false {
    if (BatonError.is(error, BatonErrorCode.RunsStaleEpoch)) this.#fenceNow(error);
    else this.#log.warn(`Recording ${step === undefined ? 'the end of the run' : `step '${step}'`} failed`, { error: toError(error) });
    return false;
  }
}

const WRITTEN = (): true => true;

/** `{ ...outcome, steps }`, written as Object.assign: on Node 20 a spread that adds a field is the slower copy (see createRun). */
function withSteps(outcome: RunOutcome, steps: readonly StepRunRecord[]): RunOutcome {
  const written: Mutable<RunOutcome> = Object.assign({}, outcome);
  written.steps = steps;
  return written;
}
