import type { RunRecord, RunStatus, RunTrigger } from '../RunRecord.js';
import { runStatuses } from '../runStatuses.js';
import type { StepRunRecord } from '../StepRunRecord.js';
import { INITIAL_CAPACITY, StepRing } from './StepRing.js';
import type { Mutable } from './Mutable.js';

/** A position in an {@link EndedRuns}: it counts every run the ring was given, so it stays valid as the ring grows. */
export type EndedRunPosition = number;

/** The fields of an ended run that have no column: rare ones (a scheduled run's idempotency key is usually derived). */
type RunRest = Partial<
  Mutable<
    Pick<
      RunRecord,
      | 'idempotencyKey'
      | 'input'
      | 'traceContext'
      | 'inputSummary'
      | 'skipReason'
      | 'error'
      | 'outputSummary'
      | 'warnings'
      | 'owner'
      | 'leaseExpiresAt'
      | 'recoveries'
    >
  >
>;

/** A status's code in the columns is its index in runStatuses plus one; 0 marks a run taken out of the ring (see take). */
const REMOVED = 0;
const STATUS_CODE = new Map<RunStatus, number>(runStatuses.map((status, index) => [status, index + 1]));
const TRIGGERS: readonly RunTrigger[] = ['schedule', 'manual'];
const NONE: readonly never[] = Object.freeze([]);

/**
 * One workflow's ended runs, in the order they ended, as columns: typed arrays for the numbers and statuses, arrays
 * of references for the strings, and a `rest` object only for a run with fields beyond the usual ones. A run's steps
 * are columns too, in a second ring in the same order.
 *
 * @remarks What it buys: 10,000 every-second workflows keep a million ended runs (a history of 100 each). As records
 * (a frozen object per run and per step, their boxed times, a Map and a Set entry each) they took ~800 bytes and ~12
 * heap objects a run: ~650 MB that every major GC marked, and a CPU cost that grew with the history as it filled. In
 * columns a run is ~150 bytes and one heap object (its id); readers get a record decoded on each read.
 */
export class EndedRuns {
  readonly workflow: string;
  /** Positions [head, tail) are in the ring; `removed` of them were taken out (a takeover reopened them). */
  #head = 0;
  #tail = 0;
  #removed = 0;
  #mask = -1;
  #ids: (string | undefined)[] = [];
  /** The last four characters of each id (see tailOf): what find compares first. */
  #idTails = new Uint32Array(0);
  #seqs = new Float64Array(0);
  /** scheduledAt, startedAt, finishedAt (NaN: none) of each run. */
  #times = new Float64Array(0);
  #statuses = new Uint8Array(0);
  #triggers = new Uint8Array(0);
  /** attempt, epoch of each run. */
  #counters = new Uint32Array(0);
  #rests: (RunRest | undefined)[] = [];
  /** The run's first step in the step ring, and how many it has. */
  #stepFrom = new Float64Array(0);
  #stepCounts = new Uint32Array(0);
  readonly #steps = new StepRing();

  constructor(workflow: string) {
    this.workflow = workflow;
  }

  /** How many runs the ring holds. */
  get size(): number {
    return this.#tail - this.#head - this.#removed;
  }

  /** The positions of the runs it holds, oldest end first. */
  *positions(): IterableIterator<EndedRunPosition> {
    for (let at = this.#head; at < this.#tail; at++) if (this.#statuses[at & this.#mask] !== REMOVED) yield at;
  }

  /** The position of run `id`, or -1. */
  find(id: string): EndedRunPosition {
    const tail = tailOf(id);
    for (let at = this.#head; at < this.#tail; at++) {
      const i = at & this.#mask;
      if (this.#idTails[i] === tail && this.#ids[i] === id) return at;
    }
    return -1;
  }

  /** Whether it holds a scheduled run for `slot`. */
  hasSlot(slot: number): boolean {
    for (let at = this.#head; at < this.#tail; at++) {
      const i = at & this.#mask;
      if (this.#statuses[i] !== REMOVED && this.#triggers[i] === 0 && this.#times[3 * i] === slot) return true;
    }
    return false;
  }

  /** Adds an ended run (the store's own record and steps, whose nested objects are frozen), as the newest. */
  push(record: RunRecord, steps: readonly StepRunRecord[], seq: number): void {
    if (this.#tail - this.#head === this.#ids.length) this.#grow();
    const i = this.#tail++ & this.#mask;
    this.#ids[i] = record.id;
    this.#idTails[i] = tailOf(record.id);
    this.#seqs[i] = seq;
    this.#times[3 * i] = record.scheduledAt;
    this.#times[3 * i + 1] = record.startedAt;
    this.#times[3 * i + 2] = record.finishedAt ?? Number.NaN;
    this.#statuses[i] = STATUS_CODE.get(record.status)!;
    this.#triggers[i] = record.trigger === 'schedule' ? 0 : 1;
    this.#counters[2 * i] = record.attempt;
    this.#counters[2 * i + 1] = record.epoch;
    this.#rests[i] = restOf(record, this.workflow);
    this.#stepFrom[i] = this.#steps.tail;
    this.#stepCounts[i] = steps.length;
    for (const step of steps) this.#steps.push(step);
  }

  /** The position of the run that ended first, or -1 when the ring is empty. */
  oldest(): EndedRunPosition {
    while (this.#head < this.#tail && this.#statuses[this.#head & this.#mask] === REMOVED) this.#forget(this.#head++, true);
    return this.#head < this.#tail ? this.#head : -1;
  }

  /** Drops the run that ended first (at {@link EndedRuns.oldest}'s position). */
  dropOldest(): void {
    if (this.oldest() !== -1) this.#forget(this.#head++, false);
  }

  id(at: EndedRunPosition): string {
    return this.#ids[at & this.#mask]!;
  }

  seq(at: EndedRunPosition): number {
    return this.#seqs[at & this.#mask]!;
  }

  status(at: EndedRunPosition): RunStatus {
    return runStatuses[this.#statuses[at & this.#mask]! - 1]!;
  }

  trigger(at: EndedRunPosition): RunTrigger {
    return TRIGGERS[this.#triggers[at & this.#mask]!]!;
  }

  startedAt(at: EndedRunPosition): number {
    return this.#times[3 * (at & this.#mask) + 1]!;
  }

  /** When the run ended (its startedAt for a record created ended without a finishedAt). */
  endedAt(at: EndedRunPosition): number {
    const i = at & this.#mask;
    const finishedAt = this.#times[3 * i + 2]!;
    return Number.isNaN(finishedAt) ? this.#times[3 * i + 1]! : finishedAt;
  }

  /** The run at `at` as readers get it: a new frozen record, steps and all. */
  read(at: EndedRunPosition): RunRecord {
    const record = this.#decode(at);
    record.steps = Object.freeze(this.#decodeSteps(at));
    return Object.freeze(record);
  }

  /** Takes the run at `at` out of the ring (a takeover reopens it): its record (writable) and its steps, for the store to keep as a running run. */
  take(at: EndedRunPosition): { record: Mutable<RunRecord>; steps: StepRunRecord[] } {
    const record = this.#decode(at);
    const steps = this.#decodeSteps(at);
    record.steps = NONE;
    this.#forget(at, false);
    this.#statuses[at & this.#mask] = REMOVED;
    this.#removed++;
    return { record, steps };
  }

  #decode(at: EndedRunPosition): Mutable<RunRecord> {
    const i = at & this.#mask;
    const { workflow } = this;
    const scheduledAt = this.#times[3 * i]!;
    const trigger = TRIGGERS[this.#triggers[i]!]!;
    const rest = this.#rests[i];
    const record: Mutable<RunRecord> = {
      id: this.#ids[i]!,
      workflow,
      status: runStatuses[this.#statuses[i]! - 1]!,
      trigger,
      scheduledAt,
      idempotencyKey: rest?.idempotencyKey ?? `${workflow}@${isoText(scheduledAt)}`,
      startedAt: this.#times[3 * i + 1]!,
      attempt: this.#counters[2 * i]!,
      epoch: this.#counters[2 * i + 1]!,
      recoveries: NONE,
      steps: NONE,
    };
    const finishedAt = this.#times[3 * i + 2]!;
    if (!Number.isNaN(finishedAt)) record.finishedAt = finishedAt;
    if (rest !== undefined) Object.assign(record, rest);
    return record;
  }

  #decodeSteps(at: EndedRunPosition): StepRunRecord[] {
    const i = at & this.#mask;
    const from = this.#stepFrom[i]!;
    const steps: StepRunRecord[] = new Array<StepRunRecord>(this.#stepCounts[i]!);
    for (let k = 0; k < steps.length; k++) steps[k] = this.#steps.read(from + k);
    return steps;
  }

  /** Releases what the run at `at` references; a dropped oldest run also releases its steps. */
  #forget(at: EndedRunPosition, wasRemoved: boolean): void {
    const i = at & this.#mask;
    if (wasRemoved) this.#removed--;
    this.#ids[i] = undefined;
    this.#rests[i] = undefined;
    if (at === this.#head - 1) this.#steps.dropTo(this.#stepFrom[i]! + this.#stepCounts[i]!);
  }

  #grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.#ids.length * 2);
    const mask = capacity - 1;
    const ids: (string | undefined)[] = new Array<string | undefined>(capacity).fill(undefined);
    const rests: (RunRest | undefined)[] = new Array<RunRest | undefined>(capacity).fill(undefined);
    const idTails = new Uint32Array(capacity);
    const seqs = new Float64Array(capacity);
    const times = new Float64Array(3 * capacity);
    const statuses = new Uint8Array(capacity);
    const triggers = new Uint8Array(capacity);
    const counters = new Uint32Array(2 * capacity);
    const stepFrom = new Float64Array(capacity);
    const stepCounts = new Uint32Array(capacity);
    for (let at = this.#head; at < this.#tail; at++) {
      const from = at & this.#mask;
      const to = at & mask;
      ids[to] = this.#ids[from];
      rests[to] = this.#rests[from];
      idTails[to] = this.#idTails[from]!;
      seqs[to] = this.#seqs[from]!;
      times[3 * to] = this.#times[3 * from]!;
      times[3 * to + 1] = this.#times[3 * from + 1]!;
      times[3 * to + 2] = this.#times[3 * from + 2]!;
      statuses[to] = this.#statuses[from]!;
      triggers[to] = this.#triggers[from]!;
      counters[2 * to] = this.#counters[2 * from]!;
      counters[2 * to + 1] = this.#counters[2 * from + 1]!;
      stepFrom[to] = this.#stepFrom[from]!;
      stepCounts[to] = this.#stepCounts[from]!;
    }
    this.#ids = ids;
    this.#rests = rests;
    this.#idTails = idTails;
    this.#seqs = seqs;
    this.#times = times;
    this.#statuses = statuses;
    this.#triggers = triggers;
    this.#counters = counters;
    this.#stepFrom = stepFrom;
    this.#stepCounts = stepCounts;
    this.#mask = mask;
  }
}

/**
 * The last four characters of `id` (their low bytes) as one number. Comparing it first makes getRun's look through a
 * million ended runs ~4 ms rather than ~50 ms: a UUIDv7 ends in random bits, while the ids of one instant share their
 * first 13 characters.
 */
function tailOf(id: string): number {
  const n = id.length;
  return (
    ((id.charCodeAt(n - 1) & 0xff) | ((id.charCodeAt(n - 2) & 0xff) << 8) | ((id.charCodeAt(n - 3) & 0xff) << 16) | ((id.charCodeAt(n - 4) & 0xff) << 24)) >>> 0
  );
}

/** The fields of `record` without a column, or undefined when it has none (the usual case). */
function restOf(record: RunRecord, workflow: string): RunRest | undefined {
  let rest: RunRest | undefined;
  if (record.trigger !== 'schedule' || record.idempotencyKey !== derivableKey(workflow, record.scheduledAt, record.idempotencyKey)) {
    rest = { idempotencyKey: record.idempotencyKey };
  }
  if (record.recoveries.length > 0) (rest ??= {}).recoveries = record.recoveries;
  if (record.input !== undefined) (rest ??= {}).input = record.input;
  if (record.traceContext !== undefined) (rest ??= {}).traceContext = record.traceContext;
  if (record.inputSummary !== undefined) (rest ??= {}).inputSummary = record.inputSummary;
  if (record.skipReason !== undefined) (rest ??= {}).skipReason = record.skipReason;
  if (record.error !== undefined) (rest ??= {}).error = record.error;
  if (record.outputSummary !== undefined) (rest ??= {}).outputSummary = record.outputSummary;
  if (record.warnings !== undefined) (rest ??= {}).warnings = record.warnings;
  if (record.owner !== undefined) (rest ??= {}).owner = record.owner;
  if (record.leaseExpiresAt !== undefined) (rest ??= {}).leaseExpiresAt = record.leaseExpiresAt;
  return rest;
}

/**
 * `key` when it is `<workflow>@<ISO slot>`, the key the engine gives a scheduled run (which the ring derives again on
 * read rather than keeping), else undefined.
 */
function derivableKey(workflow: string, slot: number, key: string): string | undefined {
  if (!(Math.abs(slot) <= 8.64e15)) return undefined; // toISOString's range
  const text = isoText(slot);
  const derivable =
    key.length === workflow.length + 1 + text.length && key.charCodeAt(workflow.length) === 64 && key.startsWith(workflow) && key.endsWith(text);
  return derivable ? key : undefined;
}

// The ISO text of the last slot converted: the runs of one instant (10,000 workflows on one cron second) share it.
let lastSlot = Number.NaN;
let lastSlotText = '';

function isoText(slot: number): string {
  if (slot !== lastSlot) {
    lastSlotText = new Date(slot).toISOString();
    lastSlot = slot;
  }
  return lastSlotText;
}
