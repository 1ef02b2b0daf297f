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

type MutableRun = { -readonly [K in keyof RunRecord]: RunRecord[K] } & { steps: StepRunRecord[] };

/** A stored run: its fields (nested values frozen copies), and the frozen snapshot readers get until the next write. */
interface StoredRun {
  readonly run: MutableRun;
  snapshot: RunRecord | undefined;
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
  /** Run ids per workflow, oldest first. */
  readonly #byWorkflow = new Map<string, string[]>();
  readonly #lastSlot = new Map<string, number>();
  readonly #retention = new Map<string, number>();

  constructor(options: InMemoryRunStoreOptions = {}) {
    const max = options.maxRunsPerWorkflow ?? 100;
    if (!Number.isInteger(max) || max < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryRunStore maxRunsPerWorkflow must be an integer >= 1; got ${String(max)}.`);
    }
    this.#maxRuns = max;
  }

  async createRun(run: RunRecord): Promise<void> {
    const copy = {} as Record<string, unknown>;
    for (const key of Object.keys(run)) {
      const value = (run as unknown as Record<string, unknown>)[key];
      copy[key] = key === 'steps' ? (value as readonly StepRunRecord[]).map((step) => frozenCopy(step)) : frozenCopy(value);
    }
    this.#runs.set(run.id, { run: copy as unknown as MutableRun, snapshot: undefined });
    let ids = this.#byWorkflow.get(run.workflow);
    if (ids === undefined) this.#byWorkflow.set(run.workflow, (ids = []));
    ids.push(run.id);
    if (run.trigger === 'schedule') {
      this.#lastSlot.set(run.workflow, Math.max(this.#lastSlot.get(run.workflow) ?? -Infinity, run.scheduledAt));
    }
    this.#evict(ids, run.workflow);
  }

  async finishRun(id: string, outcome: RunOutcome): Promise<void> {
    const stored = this.#runs.get(id);
    if (stored === undefined) return;
    const fields = stored.run as unknown as Record<string, unknown>;
    for (const key of Object.keys(outcome)) fields[key] = frozenCopy((outcome as unknown as Record<string, unknown>)[key]);
    stored.snapshot = undefined;
    this.#evict(this.#byWorkflow.get(stored.run.workflow) ?? [], stored.run.workflow);
  }

  async recordStep(runId: string, step: StepRunRecord): Promise<void> {
    const stored = this.#runs.get(runId);
    if (stored === undefined) return;
    const copy = frozenCopy(step) as StepRunRecord;
    const steps = stored.run.steps;
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
    const ids = this.#byWorkflow.get(workflow) ?? [];
    // Newest first: by startedAt, and runs that started at the same instant (catch-up slots, a skipped tick beside a
    // run) newest-created first. `ids` is in creation order, so reverse it before the (stable) sort.
    const runs = ids
      .map((id) => this.#runs.get(id)!)
      .reverse()
      .sort((a, b) => b.run.startedAt - a.run.startedAt);
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
    this.#retention.set(workflow, maxRuns);
    this.#evict(this.#byWorkflow.get(workflow) ?? [], workflow);
  }

  /** Drops the oldest finished runs beyond the limit; runs in flight are never dropped. */
  #evict(ids: string[], workflow: string): void {
    const max = this.#retention.get(workflow) ?? this.#maxRuns;
    let excess = ids.length - max;
    for (let index = 0; excess > 0 && index < ids.length; ) {
      const id = ids[index]!;
      if (this.#runs.get(id)?.run.status === 'running') {
        index++;
        continue;
      }
      ids.splice(index, 1);
      this.#runs.delete(id);
      excess--;
    }
  }
}

function snapshot(stored: StoredRun): RunRecord {
  if (stored.snapshot === undefined) {
    // Steps and nested values are frozen copies already: only the two mutable levels are copied.
    stored.snapshot = Object.freeze({ ...stored.run, steps: Object.freeze(stored.run.steps.slice()) });
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Typed arrays, Maps and Sets keep mutable contents; freezing their own properties is what can be done.
    if (!ArrayBuffer.isView(value)) for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
