import type { StepRunRecord, StepStatus } from '../StepRunRecord.js';
import { freezeStep } from './freezeStep.js';
import type { Mutable } from './Mutable.js';

/** The fields of a step that have no column: a failed or compensated step's. */
type StepRest = Partial<Mutable<Pick<StepRunRecord, 'group' | 'error' | 'attemptErrors' | 'compensation'>>>;

const STEP_STATUSES: readonly StepStatus[] = ['running', 'succeeded', 'failed', 'timed_out', 'cancelled'];
/** Room for 32 runs (~2 KB) and 32 steps at first, doubled as needed: a history of 100 grows twice. */
export const INITIAL_CAPACITY = 32;

/**
 * The steps of the ended runs, in their runs' order, as columns. Positions [head, tail) count every step pushed, so a
 * run's first position stays valid as the ring grows.
 */
export class StepRing {
  head = 0;
  tail = 0;
  #mask = -1;
  #names: (string | undefined)[] = [];
  #statuses = new Uint8Array(0);
  #attempts = new Uint32Array(0);
  /** startedAt, finishedAt (NaN: none) of each step. */
  #times = new Float64Array(0);
  #outputs: (string | undefined)[] = [];
  #summaries: (string | undefined)[] = [];
  #rests: (StepRest | undefined)[] = [];

  push(step: StepRunRecord): void {
    if (this.tail - this.head === this.#names.length) this.#grow();
    const previous = (this.tail - 1) & this.#mask;
    const i = this.tail++ & this.#mask;
    this.#names[i] = step.name;
    this.#statuses[i] = STEP_STATUSES.indexOf(step.status);
    this.#attempts[i] = step.attempts;
    this.#times[2 * i] = step.startedAt;
    this.#times[2 * i + 1] = step.finishedAt ?? Number.NaN;
    // An output equal to the one before it (a periodic step that returns the same value, or nothing, every time) is
    // kept as one string: in the every-second bench every step's output is the checkpoint of undefined.
    const { output } = step;
    this.#outputs[i] = output !== undefined && this.tail - 1 > this.head && this.#outputs[previous] === output ? this.#outputs[previous] : output;
    this.#summaries[i] = step.outputSummary;
    this.#rests[i] =
      step.group === undefined && step.error === undefined && step.attemptErrors === undefined && step.compensation === undefined
        ? undefined
        : stepRestOf(step);
  }

  read(at: number): StepRunRecord {
    const i = at & this.#mask;
    const step: Mutable<StepRunRecord> = {
      name: this.#names[i]!,
      status: STEP_STATUSES[this.#statuses[i]!]!,
      attempts: this.#attempts[i]!,
      startedAt: this.#times[2 * i]!,
    };
    const finishedAt = this.#times[2 * i + 1]!;
    if (!Number.isNaN(finishedAt)) step.finishedAt = finishedAt;
    const output = this.#outputs[i];
    if (output !== undefined) step.output = output;
    const summary = this.#summaries[i];
    if (summary !== undefined) step.outputSummary = summary;
    const rest = this.#rests[i];
    if (rest !== undefined) Object.assign(step, rest);
    return Object.freeze(step);
  }

  /** Drops the steps before position `at`. */
  dropTo(at: number): void {
    for (; this.head < at; this.head++) {
      const i = this.head & this.#mask;
      this.#names[i] = undefined;
      this.#outputs[i] = undefined;
      this.#summaries[i] = undefined;
      this.#rests[i] = undefined;
    }
  }

  #grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.#names.length * 2);
    const mask = capacity - 1;
    const names: (string | undefined)[] = new Array<string | undefined>(capacity).fill(undefined);
    const outputs: (string | undefined)[] = new Array<string | undefined>(capacity).fill(undefined);
    const summaries: (string | undefined)[] = new Array<string | undefined>(capacity).fill(undefined);
    const rests: (StepRest | undefined)[] = new Array<StepRest | undefined>(capacity).fill(undefined);
    const statuses = new Uint8Array(capacity);
    const attempts = new Uint32Array(capacity);
    const times = new Float64Array(2 * capacity);
    for (let at = this.head; at < this.tail; at++) {
      const from = at & this.#mask;
      const to = at & mask;
      names[to] = this.#names[from];
      outputs[to] = this.#outputs[from];
      summaries[to] = this.#summaries[from];
      rests[to] = this.#rests[from];
      statuses[to] = this.#statuses[from]!;
      attempts[to] = this.#attempts[from]!;
      times[2 * to] = this.#times[2 * from]!;
      times[2 * to + 1] = this.#times[2 * from + 1]!;
    }
    this.#names = names;
    this.#outputs = outputs;
    this.#summaries = summaries;
    this.#rests = rests;
    this.#statuses = statuses;
    this.#attempts = attempts;
    this.#times = times;
    this.#mask = mask;
  }
}

/** The fields of `step` without a column; the store's copies, frozen here as they are shared from now on. */
function stepRestOf(step: StepRunRecord): StepRest {
  freezeStep(step);
  const rest: StepRest = {};
  if (step.group !== undefined) rest.group = step.group;
  if (step.error !== undefined) rest.error = step.error;
  if (step.attemptErrors !== undefined) rest.attemptErrors = step.attemptErrors;
  if (step.compensation !== undefined) rest.compensation = step.compensation;
  return rest;
}
