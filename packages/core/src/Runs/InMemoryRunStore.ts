import { copyStep } from './Internal/copyStep.js';
import { freezeStep } from './Internal/freezeStep.js';
import type { Mutable } from './Internal/Mutable.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import { checkRunQuery } from './checkRunQuery.js';
import type { RunCounts, RunPage, RunQuery } from './RunQuery.js';
import type { RunRecord, RunStatus, RunWarning } from './RunRecord.js';
import type { RunRecovery } from './RunRecovery.js';
import type { RunLease } from './RunLease.js';
import type { LeasedRun, ListRunsOptions, RunOutcome, RunStore, TakeOver } from './RunStore.js';
import type { StepRunRecord } from './StepRunRecord.js';

/** Options of {@link InMemoryRunStore}. */
export interface InMemoryRunStoreOptions {
  /** Runs kept per workflow; the oldest finished runs are dropped beyond it. Defaults to 100. */
  readonly maxRunsPerWorkflow?: number;
  /** Finished runs older than this (ms since they finished) are dropped too. Defaults to no limit. */
  readonly maxAgeMs?: number;
  /** Measures leases and ages. Defaults to the system clock; `addWorkflow` passes the host's Clock. */
  readonly clock?: Clock;
}

/**
 * A run as the store keeps it: its fields as last written (the store's own objects, never a caller's), its creation
 * order, its workflow's history (for finishRun: one lookup by name per run, not two; with 10,000 workflows
 * the lookup is a cache miss, ~0.7% of the main thread each), and the frozen record readers get, made on the first read after a write.
 */
interface StoredRun {
  state: Mutable<RunRecord>;
  steps: StepRunRecord[];
  readonly seq: number;
  readonly history: History;
  snapshot: RunRecord | undefined;
}

/**
 * A workflow's runs, oldest first; its scheduled runs by slot (the claim's key); the latest slot it ever claimed (kept
 * when that run is dropped, for the missed-run policy); its finished runs in the order they finished
 * (`finished[head..]`); how many to keep.
 */
interface History {
  readonly ids: Set<string>;
  readonly slots: Map<number, string>;
  lastSlot: number | undefined;
  finished: string[];
  head: number;
  max: number;
}

/**
 * The embedded {@link RunStore}: runs live in process memory, with a bounded history per workflow.
 *
 * @remarks Records are deep, frozen copies: callers never share mutable state with the store. Scheduled runs are keyed by
 * (workflow, slot), so of two engines sharing one store exactly one creates a slot's run. Memory is bounded by the
 * history: a dropped run takes its slot key, its steps and its checkpoints with it (the latest slot of each workflow is
 * kept apart, for the missed-run policy). Share one instance between engines (in a test) to play replicas, and keep it
 * across engine restarts to keep the history.
 */
export class InMemoryRunStore implements RunStore {
  readonly #maxRuns: number;
  readonly #maxAgeMs: number;
  readonly #clock: Clock;
  readonly #runs = new Map<string, StoredRun>();
  readonly #histories = new Map<string, History>();
  /**
   * The runs whose status is `running`, by id: what expiredRuns looks through, and where a write finds its run (a few
   * runs in flight, rather than every run the histories keep).
   */
  readonly #running = new Map<string, StoredRun>();
  #seq = 0;

  constructor(options: InMemoryRunStoreOptions = {}) {
    const { maxRunsPerWorkflow = 100, maxAgeMs = Infinity, clock = systemClock, ...unknown } = options;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `Unknown InMemoryRunStore option '${extra[0]}'; expected maxRunsPerWorkflow, maxAgeMs or clock.`);
    }
    if (!Number.isInteger(maxRunsPerWorkflow) || maxRunsPerWorkflow < 1) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `InMemoryRunStore maxRunsPerWorkflow must be an integer >= 1; got ${String(maxRunsPerWorkflow)}.`,
      );
    }
    if (!(maxAgeMs > 0)) throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryRunStore maxAgeMs must be > 0; got ${String(maxAgeMs)}.`);
    this.#maxRuns = maxRunsPerWorkflow;
    this.#maxAgeMs = maxAgeMs;
    this.#clock = clock;
  }

  // Writes are synchronous (they return a plain value): see StoreWrite.

  createRun(run: RunRecord, lease: RunLease): boolean {
    const history = this.#history(run.workflow);
    const scheduled = run.trigger === 'schedule';
    if (scheduled && history.slots.has(run.scheduledAt)) return false;
    const running = run.status === 'running';
    // Object.assign, then the fields that need copies of their own. Neither a rest pattern (`{ steps, ...fields }`) nor
    // a spread: on Node 20 a spread's copy takes new fields (the lease's, below) only slowly, ~1 µs per record.
    const state: Mutable<RunRecord> = Object.assign({}, run);
    state.epoch = lease.epoch;
    state.recoveries = run.recoveries.length === 0 ? NONE : Object.freeze(run.recoveries.map(freezeRecovery));
    state.steps = NONE;
    if (run.warnings !== undefined) state.warnings = Object.freeze(run.warnings.map(freezeWarning));
    if (run.error !== undefined) state.error = Object.freeze({ ...run.error });
    if (run.traceContext !== undefined) state.traceContext = Object.freeze({ ...run.traceContext });
    if (running) {
      state.owner = lease.owner;
      state.leaseExpiresAt = this.#clock.now() + lease.ttlMs;
    }
    const stored: StoredRun = { state, steps: run.steps.length === 0 ? [] : run.steps.map(copyStep), seq: ++this.#seq, history, snapshot: undefined };
    this.#runs.set(run.id, stored);
    if (running) this.#running.set(run.id, stored);
    if (scheduled) {
      history.slots.set(run.scheduledAt, run.id);
      if (history.lastSlot === undefined || run.scheduledAt > history.lastSlot) history.lastSlot = run.scheduledAt;
    }
    history.ids.add(run.id);
    if (!running) history.finished.push(run.id);
    this.#evict(history);
    return true;
  }

  recordStep(runId: string, lease: RunLease, step: StepRunRecord): void {
    const stored = this.#fenced(runId, lease);
    putStep(stored.steps, step);
    stored.state.leaseExpiresAt = this.#clock.now() + lease.ttlMs;
    stored.snapshot = undefined;
  }

  finishRun(id: string, lease: RunLease, outcome: RunOutcome): void {
    const stored = this.#fenced(id, lease);
    const { state } = stored;
    const steps = outcome.steps ?? NONE;
    // A run whose only step record comes with its end gets an array of the exact size: most runs are kept long after
    // they ended (the history), and a pushed-to empty array reserves room for 16.
    if (stored.steps.length === 0) stored.steps = steps.map(copyStep);
    else for (const step of steps) putStep(stored.steps, step);
    stored.state = ended(state, outcome);
    stored.snapshot = undefined;
    this.#running.delete(id);
    const { history } = stored;
    history.finished.push(id);
    this.#evict(history);
  }

  async renewLeases(owner: string, ttlMs: number, runs: readonly LeasedRun[]): Promise<string[]> {
    const lost: string[] = [];
    const expiresAt = this.#clock.now() + ttlMs;
    for (const { id, epoch } of runs) {
      const stored = this.#running.get(id);
      if (stored === undefined || stored.state.status !== 'running' || stored.state.epoch !== epoch || stored.state.owner !== owner) {
        lost.push(id);
      } else {
        stored.state.leaseExpiresAt = expiresAt;
        stored.snapshot = undefined;
      }
    }
    return lost;
  }

  async expiredRuns(limit: number): Promise<RunRecord[]> {
    const now = this.#clock.now();
    const expired: RunRecord[] = [];
    for (const stored of this.#running.values()) {
      if ((stored.state.leaseExpiresAt ?? -Infinity) <= now) expired.push(snapshot(stored));
    }
    return expired.sort((a, b) => (a.leaseExpiresAt ?? 0) - (b.leaseExpiresAt ?? 0)).slice(0, limit);
  }

  async takeOver(id: string, takeOver: TakeOver): Promise<RunRecord | undefined> {
    const stored = this.#runs.get(id);
    if (stored === undefined) return undefined;
    const { state } = stored;
    const now = this.#clock.now();
    if (!takeOver.from.includes(state.status) || state.epoch !== takeOver.epoch) return undefined;
    if (state.status === 'running' && (takeOver.expiredOnly ?? true) && (state.leaseExpiresAt ?? -Infinity) > now) return undefined;
    const epoch = state.epoch + 1;
    const recovery: RunRecovery = Object.freeze({
      kind: takeOver.kind,
      at: now,
      ...(state.status === 'running' && state.owner !== undefined ? { previousOwner: state.owner } : {}),
      previousEpoch: state.epoch,
      owner: takeOver.owner,
      epoch,
    });
    delete state.finishedAt;
    delete state.error;
    delete state.outputSummary;
    state.status = 'running';
    state.attempt += 1;
    state.owner = takeOver.owner;
    state.epoch = epoch;
    state.leaseExpiresAt = now + takeOver.ttlMs;
    state.recoveries = Object.freeze([...state.recoveries, recovery]);
    stored.snapshot = undefined;
    this.#running.set(id, stored);
    return snapshot(stored);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const stored = this.#runs.get(id);
    return stored === undefined ? undefined : snapshot(stored);
  }

  async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const runs = this.#ofWorkflows([workflow]).sort(newestFirst).map(snapshot);
    return options.limit === undefined ? runs : runs.slice(0, options.limit);
  }

  async queryRuns(query: RunQuery = {}): Promise<RunPage> {
    const { workflow, status, trigger, from = -Infinity, to = Infinity, limit = 50, cursor } = query;
    checkRunQuery(query);
    const after = cursor === undefined ? undefined : readCursor(cursor);
    const workflows = workflow === undefined ? [...this.#histories.keys()] : typeof workflow === 'string' ? [workflow] : workflow;
    const matches = this.#ofWorkflows(workflows)
      .filter(({ state }) => (status === undefined || status.includes(state.status)) && (trigger === undefined || state.trigger === trigger))
      .filter(({ state }) => state.startedAt >= from && state.startedAt < to)
      .filter((stored) => after === undefined || newestFirst(stored, after) > 0)
      .sort(newestFirst);
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    const runs = page.map(snapshot);
    return matches.length > limit && last !== undefined ? { runs, nextCursor: writeCursor(last) } : { runs };
  }

  async countRuns(): Promise<RunCounts[]> {
    const counts: RunCounts[] = [];
    for (const [workflow, history] of this.#histories) {
      const byStatus: Partial<Record<RunStatus, number>> = {};
      for (const id of history.ids) {
        const { status } = this.#runs.get(id)!.state;
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      }
      counts.push({ workflow, counts: Object.freeze(byStatus) });
    }
    return counts;
  }

  async lastRun(workflow: string): Promise<RunRecord | undefined> {
    return (await this.listRuns(workflow, { limit: 1 }))[0];
  }

  async lastScheduledAt(workflow: string): Promise<number | undefined> {
    return this.#histories.get(workflow)?.lastSlot;
  }

  async setRetention(workflow: string, maxRuns: number): Promise<void> {
    if (!Number.isInteger(maxRuns) || maxRuns < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `The history of workflow '${workflow}' must be an integer >= 1; got ${String(maxRuns)}.`);
    }
    const history = this.#history(workflow);
    history.max = maxRuns;
    this.#evict(history);
  }

  /** The run `id`, if `lease` is its current owner's; else the write is refused and nothing changes. */
  #fenced(id: string, lease: RunLease): StoredRun {
    // Only a run in flight takes writes; the others are looked up for the message.
    const stored = this.#running.get(id) ?? this.#runs.get(id);
    const record = stored?.state;
    if (stored === undefined || record!.status !== 'running' || record!.epoch !== lease.epoch || record!.owner !== lease.owner) {
      const now =
        record === undefined
          ? 'is not in the store'
          : record.status !== 'running'
            ? `has ended (${record.status})`
            : `is at epoch ${record.epoch}, owned by ${record.owner ?? 'nobody'}`;
      throw new BatonError(BatonErrorCode.RunsStaleEpoch, `Write refused: run ${id} ${now}, but the write was made by ${lease.owner} at epoch ${lease.epoch}.`);
    }
    return stored;
  }

  #history(workflow: string): History {
    let history = this.#histories.get(workflow);
    if (history === undefined)
      this.#histories.set(workflow, (history = { ids: new Set(), slots: new Map(), lastSlot: undefined, finished: [], head: 0, max: this.#maxRuns }));
    return history;
  }

  #ofWorkflows(workflows: readonly string[]): StoredRun[] {
    const found: StoredRun[] = [];
    for (const workflow of workflows) {
      const history = this.#histories.get(workflow);
      if (history === undefined) continue;
      for (const id of history.ids) found.push(this.#runs.get(id)!);
    }
    return found;
  }

  /**
   * Drops the runs that finished first while the workflow is over its limit, and finished runs past the age limit.
   * Runs in flight are never dropped. A run reopened by a takeover is skipped here, and queued again when it ends.
   */
  #evict(history: History): void {
    // Without an age limit (the default), nothing to do while the history is within its size: createRun and finishRun
    // call this for every run.
    const ageLimited = this.#maxAgeMs !== Infinity;
    if (!ageLimited && history.ids.size <= history.max) return;
    const oldest = ageLimited ? this.#clock.now() - this.#maxAgeMs : -Infinity;
    const { finished } = history;
    while (history.head < finished.length) {
      const id = finished[history.head]!;
      const state = this.#runs.get(id)?.state;
      if (state !== undefined && state.status !== 'running') {
        const tooOld = (state.finishedAt ?? state.startedAt) < oldest;
        if (history.ids.size <= history.max && !tooOld) break;
        this.#drop(state, history);
      }
      history.head++;
    }
    // Compact the queue once its consumed prefix outweighs the rest.
    if (history.head > 64 && history.head * 2 > finished.length) {
      history.finished = finished.slice(history.head);
      history.head = 0;
    }
  }

  #drop(record: Mutable<RunRecord>, history: History): void {
    this.#runs.delete(record.id);
    this.#running.delete(record.id);
    history.ids.delete(record.id);
    if (record.trigger === 'schedule') history.slots.delete(record.scheduledAt);
  }
}

/** Newest first: by startedAt, then by creation. */
function newestFirst(a: StoredRun | Cursor, b: StoredRun | Cursor): number {
  const [aStarted, aSeq] = 'state' in a ? [a.state.startedAt, a.seq] : [a.startedAt, a.seq];
  const [bStarted, bSeq] = 'state' in b ? [b.state.startedAt, b.seq] : [b.startedAt, b.seq];
  return bStarted - aStarted || bSeq - aSeq;
}

/** The frozen record readers get: made on the first read after a write, shared until the next. The store's copies
 * of the steps are frozen here, when first shared, not when written: most are never read. */
function snapshot(stored: StoredRun): RunRecord {
  if (stored.snapshot === undefined) {
    const record: Mutable<RunRecord> = Object.assign({}, stored.state); // Not `{ ...state, steps }`: see createRun.
    record.steps = Object.freeze(stored.steps.map(freezeStep));
    stored.snapshot = Object.freeze(record);
  }
  return stored.snapshot;
}

const NONE: readonly never[] = Object.freeze([]);

interface Cursor {
  readonly startedAt: number;
  readonly seq: number;
}

function writeCursor(stored: StoredRun): string {
  return Buffer.from(`m1:${stored.state.startedAt}:${stored.seq}`).toString('base64url');
}

function readCursor(cursor: string): Cursor {
  const match = typeof cursor === 'string' ? /^m1:(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (match === null) throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The cursor ${JSON.stringify(cursor)} was not issued by this store.`);
  return { startedAt: Number(match[1]), seq: Number(match[2]) };
}

/** Inserts a copy of `step` into `steps`, or replaces the record of the same name in place. */
function putStep(steps: StepRunRecord[], step: StepRunRecord): void {
  const index = steps.findIndex((existing) => existing.name === step.name);
  if (index === -1) steps.push(copyStep(step));
  else steps[index] = copyStep(step);
}

/**
 * The record of a run that ended with `outcome`: the running record's fields but the lease's, and the outcome's. Made
 * anew, as one object with its fields in place: most runs are kept long after they ended (the history), and the running
 * record, made by copying a caller's record field by field, keeps most of its fields in a second object.
 */
function ended(running: RunRecord, outcome: RunOutcome): Mutable<RunRecord> {
  const { id, workflow, trigger, scheduledAt, idempotencyKey, startedAt, attempt, epoch, recoveries, steps } = running;
  const { status, finishedAt } = outcome;
  const record: Mutable<RunRecord> = { id, workflow, status, trigger, scheduledAt, idempotencyKey, startedAt, finishedAt, attempt, epoch, recoveries, steps };
  if (running.input !== undefined) record.input = running.input;
  if (running.traceContext !== undefined) record.traceContext = running.traceContext;
  if (running.inputSummary !== undefined) record.inputSummary = running.inputSummary;
  if (running.skipReason !== undefined) record.skipReason = running.skipReason;
  const error = outcome.error === undefined ? running.error : Object.freeze({ ...outcome.error });
  if (error !== undefined) record.error = error;
  const outputSummary = outcome.outputSummary ?? running.outputSummary;
  if (outputSummary !== undefined) record.outputSummary = outputSummary;
  const warnings = outcome.warnings === undefined ? running.warnings : Object.freeze(outcome.warnings.map(freezeWarning));
  if (warnings !== undefined) record.warnings = warnings;
  return record;
}

function freezeRecovery(recovery: RunRecovery): RunRecovery {
  return Object.freeze({ ...recovery });
}

function freezeWarning(warning: RunWarning): RunWarning {
  return Object.freeze({ ...warning, error: Object.freeze({ ...warning.error }) });
}
