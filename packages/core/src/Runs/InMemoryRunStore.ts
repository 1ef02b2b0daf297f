import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { RunRecord } from './RunRecord.js';
import type { ListRunsOptions, RunOutcome, RunStore } from './RunStore.js';
import type { StepRunRecord } from './StepRunRecord.js';

/** Options of {@link InMemoryRunStore}. */
export interface InMemoryRunStoreOptions {
  /** Runs kept per workflow; the oldest finished runs are dropped beyond it. Defaults to 100. */
  readonly maxRunsPerWorkflow?: number;
}

/**
 * A stored run: its record as created and its outcome once finished (each frozen plain data: the caller's own when it
 * was already deeply frozen, else a frozen copy), its steps, and the frozen snapshot readers get until the next write.
 */
interface StoredRun {
  readonly created: RunRecord;
  outcome: RunOutcome | undefined;
  readonly steps: StepRunRecord[];
  snapshot: RunRecord | undefined;
  readonly history: History;
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
    const created = frozenCopy(run) as RunRecord;
    const history = this.#history(run.workflow);
    const stored: StoredRun = { created, outcome: undefined, steps: created.steps.length === 0 ? [] : created.steps.slice(), snapshot: undefined, history };
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
    stored.outcome = frozenCopy(outcome) as RunOutcome;
    stored.snapshot = undefined;
    this.#evict(stored.history);
  }

  recordStep(runId: string, step: StepRunRecord): void {
    const stored = this.#find(runId);
    if (stored === undefined) return;
    const copy = frozenCopy(step) as StepRunRecord;
    const steps = stored.steps;
    let index = steps.length - 1;
    while (index >= 0 && steps[index]!.name !== step.name) index--;
    if (index === -1) steps.push(copy);
    else steps[index] = copy;
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
    stored.snapshot = Object.freeze({ ...stored.created, ...stored.outcome, steps: Object.freeze(stored.steps.slice()) });
  }
  return stored.snapshot;
}

// Objects deeper than this are copied by structuredClone (which also handles cycles).
const MAX_PLAIN_DEPTH = 16;

/**
 * A deep, frozen copy of `value`, as structuredClone would copy it: plain objects and arrays are copied here
 * (cheaper than structuredClone for the small records a run writes); anything else (a Date, a Map, a class instance)
 * goes through structuredClone, which also throws as before for what cannot be cloned (a function, a symbol).
 */
function frozenCopy(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  }
  // Deeply frozen plain data (what the runner writes) cannot change under the store: kept as it is.
  if (isFrozenPlain(value, depth)) return value;
  if (depth < MAX_PLAIN_DEPTH) {
    if (Array.isArray(value)) {
      const copy = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index++) copy[index] = frozenCopy(value[index], depth + 1);
      return Object.freeze(copy);
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) copy[key] = frozenCopy((value as Record<string, unknown>)[key], depth + 1);
      return Object.freeze(copy);
    }
  }
  return deepFreeze(structuredClone(value));
}

/** Whether `value` is a frozen plain object or array whose values are primitives or frozen plain data, to the depth limit. */
function isFrozenPlain(value: object, depth: number): boolean {
  if (depth >= MAX_PLAIN_DEPTH || !Object.isFrozen(value)) return false;
  if (!Array.isArray(value)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) {
      if (!isFrozenPlain(item, depth + 1)) return false;
    } else if (typeof item === 'function' || typeof item === 'symbol') {
      return false;
    }
  }
  return true;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Typed arrays, Maps and Sets keep mutable contents; freezing their own properties is what can be done.
    if (!ArrayBuffer.isView(value)) for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
