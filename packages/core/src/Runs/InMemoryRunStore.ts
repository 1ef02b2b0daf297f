import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { RunError, RunRecord } from './RunRecord.js';
import type { ListRunsOptions, RunOutcome, RunStore } from './RunStore.js';
import type { CompensationRecord, StepRunRecord } from './StepRunRecord.js';

/** Options of {@link InMemoryRunStore}. */
export interface InMemoryRunStoreOptions {
  /** Runs kept per workflow; the oldest finished runs are dropped beyond it. Defaults to 100. */
  readonly maxRunsPerWorkflow?: number;
}

/**
 * A stored run: frozen copies of its record as created and of its outcome once finished, a slot per step, and the
 * frozen snapshot readers get until the next write.
 */
interface StoredRun {
  readonly created: RunRecord;
  outcome: RunOutcome | undefined;
  readonly steps: StepSlot[];
  snapshot: RunRecord | undefined;
  readonly history: History;
}

/**
 * The latest state of one step, updated in place by each write of that step (a step is written on every transition,
 * and the reads that need a record are far fewer): every field is always present, `undefined` when the record has
 * none, so a write is a few stores into one shape. Snapshots turn slots into frozen records.
 */
interface StepSlot {
  name: string;
  group: string | undefined;
  status: StepRunRecord['status'];
  attempts: number;
  startedAt: number;
  finishedAt: number | undefined;
  error: RunError | undefined;
  outputSummary: string | undefined;
  compensation: CompensationRecord | undefined;
}

/** The runs of one workflow: `ids[head..]`, oldest first, and how many to keep. */
interface History {
  readonly ids: string[];
  head: number;
  max: number;
}

/**
 * The embedded {@link RunStore}: runs live in process memory, with a bounded history per workflow.
 *
 * @remarks Records are copied in (into frozen objects) and read out as frozen snapshots, so callers never share mutable
 * state with the store. A snapshot is built on the first read after a write and shared by the reads that follow.
 * The latest schedule slot of each workflow is kept apart from the history, so eviction never loses it.
 * Keep one instance across engine restarts to keep the history and the missed-run policy's memory.
 */
export class InMemoryRunStore implements RunStore {
  readonly #maxRuns: number;
  readonly #runs = new Map<string, StoredRun>();
  readonly #histories = new Map<string, History>();
  readonly #lastSlot = new Map<string, number>();
  /** The run written last: a run's writes come one after another, so most find it here without a lookup. */
  #recent: StoredRun | undefined;

  constructor(options: InMemoryRunStoreOptions = {}) {
    const max = options.maxRunsPerWorkflow ?? 100;
    if (!Number.isInteger(max) || max < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryRunStore maxRunsPerWorkflow must be an integer >= 1; got ${String(max)}.`);
    }
    this.#maxRuns = max;
  }

  // Writes are synchronous (they return nothing): see StoreWrite.

  createRun(run: RunRecord): void {
    const created = copyRun(run);
    const history = this.#history(run.workflow);
    const stored: StoredRun = { created, outcome: undefined, steps: run.steps.length === 0 ? [] : run.steps.map(newSlot), snapshot: undefined, history };
    this.#runs.set(run.id, stored);
    this.#recent = stored;
    history.ids.push(run.id);
    if (run.trigger === 'schedule') {
      this.#lastSlot.set(run.workflow, Math.max(this.#lastSlot.get(run.workflow) ?? -Infinity, run.scheduledAt));
    }
    this.#evict(history);
  }

  finishRun(id: string, outcome: RunOutcome): void {
    const stored = this.#find(id);
    if (stored === undefined) return;
    stored.outcome = copyOutcome(outcome);
    stored.snapshot = undefined;
    this.#evict(stored.history);
  }

  recordStep(runId: string, step: StepRunRecord): void {
    const stored = this.#find(runId);
    if (stored === undefined) return;
    const steps = stored.steps;
    let index = steps.length - 1;
    while (index >= 0 && steps[index]!.name !== step.name) index--;
    if (index === -1) steps.push(newSlot(step));
    else writeSlot(steps[index]!, step);
    stored.snapshot = undefined;
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const stored = this.#runs.get(id);
    return stored === undefined ? undefined : snapshot(stored);
  }

  async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const history = this.#histories.get(workflow);
    if (history === undefined) return [];
    // Newest first: by startedAt, and runs that started at the same instant (catch-up slots, a skipped tick beside a
    // run) newest-created first. The ids are in creation order, so reverse them before the (stable) sort.
    const runs = history.ids
      .slice(history.head)
      .map((id) => this.#runs.get(id)!)
      .reverse()
      .sort((a, b) => b.created.startedAt - a.created.startedAt);
    const limited = options.limit === undefined ? runs : runs.slice(0, Math.max(0, options.limit));
    return limited.map(snapshot);
  }

  async lastRun(workflow: string): Promise<RunRecord | undefined> {
    return (await this.listRuns(workflow, { limit: 1 }))[0];
  }

  async lastScheduledAt(workflow: string): Promise<number | undefined> {
    return this.#lastSlot.get(workflow);
  }

  async setRetention(workflow: string, maxRuns: number): Promise<void> {
    if (!Number.isInteger(maxRuns) || maxRuns < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `Retention of workflow '${workflow}' must be an integer >= 1; got ${String(maxRuns)}.`);
    }
    const history = this.#history(workflow);
    history.max = maxRuns;
    this.#evict(history);
  }

  #find(id: string): StoredRun | undefined {
    const recent = this.#recent;
    if (recent !== undefined && recent.created.id === id) return recent;
    const stored = this.#runs.get(id);
    if (stored !== undefined) this.#recent = stored;
    return stored;
  }

  #history(workflow: string): History {
    let history = this.#histories.get(workflow);
    if (history === undefined) this.#histories.set(workflow, (history = { ids: [], head: 0, max: this.#maxRuns }));
    return history;
  }

  #drop(id: string): void {
    if (this.#recent?.created.id === id) this.#recent = undefined;
    this.#runs.delete(id);
  }

  /** Drops the oldest finished runs beyond the limit; runs in flight are never dropped. */
  #evict(history: History): void {
    const { ids, max } = history;
    let excess = ids.length - history.head - max;
    if (excess <= 0) return;
    // The common case: the oldest run has finished and goes, by moving the head (no copying).
    while (excess > 0 && finished(this.#runs.get(ids[history.head]!)!)) {
      this.#drop(ids[history.head++]!);
      excess--;
    }
    if (history.head >= 1024 && history.head * 2 >= ids.length) {
      ids.splice(0, history.head);
      history.head = 0;
    }
    // Runs in flight hold the front: drop the oldest finished ones behind them.
    for (let index = history.head; excess > 0 && index < ids.length; ) {
      const id = ids[index]!;
      if (!finished(this.#runs.get(id)!)) {
        index++;
        continue;
      }
      ids.splice(index, 1);
      this.#drop(id);
      excess--;
    }
  }
}

/** A run created finished (a skipped tick) or finished since. */
function finished(stored: StoredRun): boolean {
  return stored.outcome !== undefined || stored.created.status !== 'running';
}

function snapshot(stored: StoredRun): RunRecord {
  if (stored.snapshot === undefined) {
    // The parts are frozen already: only the run's own level is assembled.
    stored.snapshot = Object.freeze({ ...stored.created, ...stored.outcome, steps: Object.freeze(stored.steps.map(slotRecord)) });
  }
  return stored.snapshot;
}

// A record is stored as a SQL store would keep it: its fields, one per column, copied into frozen objects, so the
// store never shares an object with its callers. A typed copy reads a few known fields of one shape; it is cheaper
// than walking arbitrary objects, and leaves out what a record does not have.

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function copyRun(run: RunRecord): RunRecord {
  const copy: Mutable<RunRecord> = {
    id: run.id,
    workflow: run.workflow,
    status: run.status,
    trigger: run.trigger,
    scheduledAt: run.scheduledAt,
    idempotencyKey: run.idempotencyKey,
    startedAt: run.startedAt,
    attempt: run.attempt,
    // The steps live in slots (see StepSlot).
    steps: NO_STEPS,
  };
  if (run.finishedAt !== undefined) copy.finishedAt = run.finishedAt;
  if (run.inputSummary !== undefined) copy.inputSummary = run.inputSummary;
  if (run.outputSummary !== undefined) copy.outputSummary = run.outputSummary;
  if (run.error !== undefined) copy.error = copyError(run.error);
  if (run.skipReason !== undefined) copy.skipReason = run.skipReason;
  return Object.freeze(copy);
}

function copyOutcome(outcome: RunOutcome): RunOutcome {
  const copy: Mutable<RunOutcome> = { status: outcome.status, finishedAt: outcome.finishedAt };
  if (outcome.error !== undefined) copy.error = copyError(outcome.error);
  if (outcome.outputSummary !== undefined) copy.outputSummary = outcome.outputSummary;
  return Object.freeze(copy);
}

function newSlot(step: StepRunRecord): StepSlot {
  const slot: StepSlot = {
    name: step.name,
    group: undefined,
    status: step.status,
    attempts: 0,
    startedAt: 0,
    finishedAt: undefined,
    error: undefined,
    outputSummary: undefined,
    compensation: undefined,
  };
  writeSlot(slot, step);
  return slot;
}

function writeSlot(slot: StepSlot, step: StepRunRecord): void {
  slot.group = step.group;
  slot.status = step.status;
  slot.attempts = step.attempts;
  slot.startedAt = step.startedAt;
  slot.finishedAt = step.finishedAt;
  slot.error = step.error === undefined ? undefined : copyError(step.error);
  slot.outputSummary = step.outputSummary;
  slot.compensation = step.compensation === undefined ? undefined : copyCompensation(step.compensation);
}

/** A slot as a frozen record: its fields that are set. */
function slotRecord(slot: StepSlot): StepRunRecord {
  const record: Mutable<StepRunRecord> = { name: slot.name, status: slot.status, attempts: slot.attempts, startedAt: slot.startedAt };
  if (slot.group !== undefined) record.group = slot.group;
  if (slot.finishedAt !== undefined) record.finishedAt = slot.finishedAt;
  if (slot.error !== undefined) record.error = slot.error;
  if (slot.outputSummary !== undefined) record.outputSummary = slot.outputSummary;
  if (slot.compensation !== undefined) record.compensation = slot.compensation;
  return Object.freeze(record);
}

function copyCompensation(compensation: CompensationRecord): CompensationRecord {
  const copy: Mutable<CompensationRecord> = { status: compensation.status, startedAt: compensation.startedAt };
  if (compensation.finishedAt !== undefined) copy.finishedAt = compensation.finishedAt;
  if (compensation.attempts !== undefined) copy.attempts = compensation.attempts;
  if (compensation.error !== undefined) copy.error = copyError(compensation.error);
  return Object.freeze(copy);
}

function copyError(error: RunError): RunError {
  const copy: Mutable<RunError> = { name: error.name, message: error.message };
  if (error.stack !== undefined) copy.stack = error.stack;
  if (error.code !== undefined) copy.code = error.code;
  return Object.freeze(copy);
}

const NO_STEPS: readonly StepRunRecord[] = Object.freeze([]);
