import { copyStep, putStep, isFlatStep } from './Internal/copyStep.js';
import { EndedRuns, type EndedRunPosition } from './Internal/EndedRuns.js';
import { ended, freezeWarning } from './Internal/endedRecord.js';
import { SoloMap } from './Internal/SoloMap.js';
import { freezeStep } from './Internal/freezeStep.js';
import type { Mutable } from './Internal/Mutable.js';
import { newestFirst, readCursor, writeCursor } from './Internal/runCursor.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import { checkRunQuery } from './checkRunQuery.js';
import type { RunCounts, RunPage, RunQuery } from './RunQuery.js';
import type { RunRecord, RunStatus, RunTrigger } from './RunRecord.js';
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
 * A run in flight as the store keeps it: its fields as last written (the store's own objects, never a caller's), its
 * creation order, its workflow's history (for finishRun: one lookup by name per run, not two; with 10,000 workflows
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
 * A workflow's runs: the ended ones in the order they ended, as columns (see EndedRuns); how many are in flight (they
 * are in the store's `running` map); the latest slot it ever claimed (kept when that run is dropped, for the
 * missed-run policy); how many runs to keep.
 */
interface History {
  readonly ended: EndedRuns;
  running: number;
  lastSlot: number | undefined;
  max: number;
}

/** A run a query matched, in flight or ended: what sorting and the cursor need, and where to read it. */
interface Match {
  readonly startedAt: number;
  readonly seq: number;
  readonly stored: StoredRun | undefined;
  readonly ended: EndedRuns | undefined;
  readonly at: EndedRunPosition;
}

/** What a query keeps of a run, by its columns. */
type Filter = (status: RunStatus, trigger: RunTrigger, startedAt: number, seq: number) => boolean;

/**
 * The embedded {@link RunStore}: runs live in process memory, with a bounded history per workflow.
 *
 * @remarks Records are deep, frozen copies: callers never share mutable state with the store. Scheduled runs are keyed by
 * (workflow, slot), so of two engines sharing one store exactly one creates a slot's run. Memory is bounded by the
 * history: a dropped run takes its slot key, its steps and its checkpoints with it (the latest slot of each workflow is
 * kept apart, for the missed-run policy). Share one instance between engines (in a test) to play replicas, and keep it
 * across engine restarts to keep the history.
 *
 * A run in flight is kept as a record, and an ended run in compact columns, ~150 bytes each: a read by id of an
 * ended run (getRun, a takeover) looks through the histories, 5-9 ms with a million runs kept (10,000 workflows with
 * the default history), which spares each kept run an index entry.
 */
export class InMemoryRunStore implements RunStore {
  readonly #maxRuns: number;
  readonly #maxAgeMs: number;
  readonly #clock: Clock;
  readonly #histories = new Map<string, History>();
  /** The runs whose status is `running`, by id: where a write finds its run, and what expiredRuns looks through. */
  // A SoloMap: runs that end before the next one starts come and go one at a time.
  readonly #running = new SoloMap<string, StoredRun>();
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
    // A slot after the latest one claimed is free: the schedule's usual case, without a look through the history.
    if (scheduled && history.lastSlot !== undefined && run.scheduledAt <= history.lastSlot && this.#hasSlot(history, run.scheduledAt)) return false;
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
    const steps = run.steps.length === 0 ? [] : run.steps.map(copyStep);
    const seq = ++this.#seq;
    if (running) {
      state.owner = lease.owner;
      state.leaseExpiresAt = this.#clock.now() + lease.ttlMs;
      this.#running.set(run.id, { state, steps, seq, history, snapshot: undefined });
      history.running++;
    } else {
      history.ended.push(state, steps, seq);
    }
    if (scheduled && (history.lastSlot === undefined || run.scheduledAt > history.lastSlot)) history.lastSlot = run.scheduledAt;
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
    const steps = outcome.steps ?? NONE;
    // The ended run's steps go into the history's columns, which keep only their primitive fields when they have no
    // nested ones (StepRing.push): such steps need no copy of their own first (~130 bytes a run, 10,000 every-second
    // workflows through the host, bench/cases/schedules-every-second.mjs).
    let kept: readonly StepRunRecord[] = stored.steps;
    if (kept.length === 0) kept = steps.every(isFlatStep) ? steps : steps.map(copyStep);
    else for (const step of steps) putStep(stored.steps, step);
    this.#running.delete(id);
    const { history } = stored;
    history.running--;
    history.ended.push(ended(stored.state, outcome), kept, stored.seq);
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
    let stored = this.#running.get(id);
    if (stored === undefined) {
      const found = this.#findEnded(id);
      if (found === undefined) return undefined;
      const { history, at } = found;
      const record = history.ended.read(at);
      if (!takeOver.from.includes(record.status) || record.epoch !== takeOver.epoch) return undefined;
      stored = this.#reopen(history, at);
    }
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
    return snapshot(stored);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const stored = this.#running.get(id);
    if (stored !== undefined) return snapshot(stored);
    const found = this.#findEnded(id);
    return found === undefined ? undefined : found.history.ended.read(found.at);
  }

  async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const matches = this.#matches([workflow], () => true).sort(newestFirst);
    return (options.limit === undefined ? matches : matches.slice(0, options.limit)).map(read);
  }

  async queryRuns(query: RunQuery = {}): Promise<RunPage> {
    const { workflow, status, trigger, from = -Infinity, to = Infinity, limit = 50, cursor } = query;
    checkRunQuery(query);
    const after = cursor === undefined ? undefined : readCursor(cursor);
    const workflows = workflow === undefined ? [...this.#histories.keys()] : typeof workflow === 'string' ? [workflow] : workflow;
    const matches = this.#matches(
      workflows,
      (runStatus, runTrigger, startedAt, seq) =>
        (status === undefined || status.includes(runStatus)) &&
        (trigger === undefined || runTrigger === trigger) &&
        startedAt >= from &&
        startedAt < to &&
        (after === undefined || newestFirst({ startedAt, seq }, after) > 0),
    ).sort(newestFirst);
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    const runs = page.map(read);
    return matches.length > limit && last !== undefined ? { runs, nextCursor: writeCursor(last) } : { runs };
  }

  async countRuns(): Promise<RunCounts[]> {
    const counts: RunCounts[] = [];
    for (const [workflow, history] of this.#histories) {
      const byStatus: Partial<Record<RunStatus, number>> = {};
      if (history.running > 0) byStatus.running = history.running;
      const { ended } = history;
      for (const at of ended.positions()) {
        const status = ended.status(at);
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
    const stored = this.#running.get(id);
    if (stored === undefined || stored.state.epoch !== lease.epoch || stored.state.owner !== lease.owner) {
      const found = stored === undefined ? this.#findEnded(id) : undefined;
      const now =
        stored !== undefined
          ? `is at epoch ${stored.state.epoch}, owned by ${stored.state.owner ?? 'nobody'}`
          : found !== undefined
            ? `has ended (${found.history.ended.status(found.at)})`
            : 'is not in the store';
      throw new BatonError(BatonErrorCode.RunsStaleEpoch, `Write refused: run ${id} ${now}, but the write was made by ${lease.owner} at epoch ${lease.epoch}.`);
    }
    return stored;
  }

  #history(workflow: string): History {
    let history = this.#histories.get(workflow);
    if (history === undefined)
      this.#histories.set(workflow, (history = { ended: new EndedRuns(workflow), running: 0, lastSlot: undefined, max: this.#maxRuns }));
    return history;
  }

  /** Whether a scheduled run of `history`'s workflow for `slot` is in the store. */
  #hasSlot(history: History, slot: number): boolean {
    if (history.ended.hasSlot(slot)) return true;
    for (const stored of this.#running.values()) {
      if (stored.history === history && stored.state.trigger === 'schedule' && stored.state.scheduledAt === slot) return true;
    }
    return false;
  }

  /** The ended run `id`: its history and position. */
  #findEnded(id: string): { history: History; at: EndedRunPosition } | undefined {
    for (const history of this.#histories.values()) {
      const at = history.ended.find(id);
      if (at !== -1) return { history, at };
    }
    return undefined;
  }

  /** Moves the ended run at `at` back among the runs in flight (a takeover reopens it). */
  #reopen(history: History, at: EndedRunPosition): StoredRun {
    const seq = history.ended.seq(at);
    const { record, steps } = history.ended.take(at);
    const stored: StoredRun = { state: record, steps, seq, history, snapshot: undefined };
    this.#running.set(record.id, stored);
    history.running++;
    return stored;
  }

  /** The runs of `workflows` that `keep` keeps, in no order. */
  #matches(workflows: readonly string[], keep: Filter): Match[] {
    const found: Match[] = [];
    const histories = new Set<History>();
    for (const workflow of workflows) {
      const history = this.#histories.get(workflow);
      if (history === undefined || histories.has(history)) continue;
      histories.add(history);
      const { ended } = history;
      for (const at of ended.positions()) {
        const startedAt = ended.startedAt(at);
        const seq = ended.seq(at);
        if (keep(ended.status(at), ended.trigger(at), startedAt, seq)) found.push({ startedAt, seq, stored: undefined, ended, at });
      }
    }
    for (const stored of this.#running.values()) {
      const { state, seq } = stored;
      if (histories.has(stored.history) && keep(state.status, state.trigger, state.startedAt, seq)) {
        found.push({ startedAt: state.startedAt, seq, stored, ended: undefined, at: -1 });
      }
    }
    return found;
  }

  /**
   * Drops the runs that ended first while the workflow is over its limit, and ended runs past the age limit.
   * Runs in flight are never dropped.
   */
  #evict(history: History): void {
    // Without an age limit (the default), nothing to do while the history is within its size: createRun and finishRun
    // call this for every run.
    const ageLimited = this.#maxAgeMs !== Infinity;
    const { ended } = history;
    if (!ageLimited && ended.size + history.running <= history.max) return;
    const oldest = ageLimited ? this.#clock.now() - this.#maxAgeMs : -Infinity;
    for (let at = ended.oldest(); at !== -1; at = ended.oldest()) {
      if (ended.size + history.running <= history.max && !(ended.endedAt(at) < oldest)) break;
      ended.dropOldest();
    }
  }
}

/** The record of a run a query matched, as readers get it. */
function read(match: Match): RunRecord {
  return match.stored === undefined ? match.ended!.read(match.at) : snapshot(match.stored);
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

function freezeRecovery(recovery: RunRecovery): RunRecovery {
  return Object.freeze({ ...recovery });
}
