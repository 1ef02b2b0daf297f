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

type MutableRun = Omit<RunRecord, 'steps'> & { steps: StepRunRecord[] };

/**
 * The embedded {@link RunStore}: runs live in process memory, with a bounded history per workflow.
 *
 * @remarks Records are copied in and out (and frozen on the way out), so callers never share state with the store.
 * The latest schedule slot of each workflow is kept apart from the history, so eviction never loses it.
 * Keep one instance across engine restarts to keep the history and the missed-run policy's memory.
 */
export class InMemoryRunStore implements RunStore {
  readonly #maxRuns: number;
  readonly #runs = new Map<string, MutableRun>();
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
    this.#runs.set(run.id, { ...structuredClone(run), steps: run.steps.map((step) => structuredClone(step)) });
    let ids = this.#byWorkflow.get(run.workflow);
    if (ids === undefined) this.#byWorkflow.set(run.workflow, (ids = []));
    ids.push(run.id);
    if (run.trigger === 'schedule') {
      this.#lastSlot.set(run.workflow, Math.max(this.#lastSlot.get(run.workflow) ?? -Infinity, run.scheduledAt));
    }
    this.#evict(ids, run.workflow);
  }

  async finishRun(id: string, outcome: RunOutcome): Promise<void> {
    const run = this.#runs.get(id);
    if (run === undefined) return;
    this.#runs.set(id, { ...run, ...structuredClone(outcome) });
    this.#evict(this.#byWorkflow.get(run.workflow) ?? [], run.workflow);
  }

  async recordStep(runId: string, step: StepRunRecord): Promise<void> {
    const run = this.#runs.get(runId);
    if (run === undefined) return;
    const copy = structuredClone(step);
    const index = run.steps.findIndex((existing) => existing.name === step.name);
    const steps = [...run.steps];
    if (index === -1) steps.push(copy);
    else steps[index] = copy;
    this.#runs.set(runId, { ...run, steps });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const run = this.#runs.get(id);
    return run === undefined ? undefined : snapshot(run);
  }

  async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const ids = this.#byWorkflow.get(workflow) ?? [];
    // Newest first: by startedAt, and runs that started at the same instant (catch-up slots, a skipped tick beside a
    // run) newest-created first. `ids` is in creation order, so reverse it before the (stable) sort.
    const runs = ids
      .map((id) => this.#runs.get(id)!)
      .reverse()
      .sort((a, b) => b.startedAt - a.startedAt);
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
      if (this.#runs.get(id)?.status === 'running') {
        index++;
        continue;
      }
      ids.splice(index, 1);
      this.#runs.delete(id);
      excess--;
    }
  }
}

function snapshot(run: MutableRun): RunRecord {
  const copy = structuredClone(run);
  for (const step of copy.steps) Object.freeze(step);
  Object.freeze(copy.steps);
  return Object.freeze(copy);
}
