import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { RunCounts, RunPage, RunQuery } from './RunQuery.js';
import type { RunRecord, RunStatus } from './RunRecord.js';
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

/** A run as the store keeps it: its record, its creation order, and its steps by name. */
interface StoredRun {
  record: RunRecord;
  readonly seq: number;
}

const STATUSES: ReadonlySet<string> = new Set<RunStatus>(['running', 'succeeded', 'failed', 'compensated', 'compensation_failed', 'cancelled', 'timed_out', 'skipped', 'abandoned']);

/**
 * The embedded {@link RunStore}: runs live in process memory, with a bounded history per workflow.
 *
 * @remarks Records are frozen copies: callers never share mutable state with the store. Scheduled runs are keyed by
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
  /** Each workflow's run ids, oldest first, and its own limit. */
  readonly #histories = new Map<string, { ids: string[]; max: number }>();
  /** `workflow␀slot` → run id, for scheduled runs. */
  readonly #slots = new Map<string, string>();
  readonly #lastSlot = new Map<string, number>();
  /** Ids of the runs whose status is `running`: what expiredRuns looks through. */
  readonly #running = new Set<string>();
  #seq = 0;

  constructor(options: InMemoryRunStoreOptions = {}) {
    const { maxRunsPerWorkflow = 100, maxAgeMs = Infinity, clock = systemClock, ...unknown } = options;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `Unknown InMemoryRunStore option '${extra[0]}'; expected maxRunsPerWorkflow, maxAgeMs or clock.`);
    }
    if (!Number.isInteger(maxRunsPerWorkflow) || maxRunsPerWorkflow < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryRunStore maxRunsPerWorkflow must be an integer >= 1; got ${String(maxRunsPerWorkflow)}.`);
    }
    if (!(maxAgeMs > 0)) throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryRunStore maxAgeMs must be > 0; got ${String(maxAgeMs)}.`);
    this.#maxRuns = maxRunsPerWorkflow;
    this.#maxAgeMs = maxAgeMs;
    this.#clock = clock;
  }

  // Writes are synchronous (they return a plain value): see StoreWrite.

  createRun(run: RunRecord, lease: RunLease): boolean {
    const slotKey = run.trigger === 'schedule' ? `${run.workflow}\u0000${run.scheduledAt}` : undefined;
    if (slotKey !== undefined && this.#slots.has(slotKey)) return false;
    const running = run.status === 'running';
    const record = freezeRun({
      ...run,
      ...(running ? { owner: lease.owner, epoch: lease.epoch, leaseExpiresAt: this.#clock.now() + lease.ttlMs } : { epoch: lease.epoch }),
    });
    this.#runs.set(run.id, { record, seq: ++this.#seq });
    if (running) this.#running.add(run.id);
    if (slotKey !== undefined) {
      this.#slots.set(slotKey, run.id);
      this.#lastSlot.set(run.workflow, Math.max(this.#lastSlot.get(run.workflow) ?? -Infinity, run.scheduledAt));
    }
    const history = this.#history(run.workflow);
    history.ids.push(run.id);
    this.#evict(history);
    return true;
  }

  recordStep(runId: string, lease: RunLease, step: StepRunRecord): void {
    const stored = this.#fenced(runId, lease);
    const steps = stored.record.steps;
    const index = steps.findIndex((existing) => existing.name === step.name);
    const next = freezeStep(step);
    const updated = index === -1 ? [...steps, next] : steps.map((existing, at) => (at === index ? next : existing));
    stored.record = freezeRun({ ...stored.record, steps: updated, leaseExpiresAt: this.#clock.now() + lease.ttlMs });
  }

  finishRun(id: string, lease: RunLease, outcome: RunOutcome): void {
    const stored = this.#fenced(id, lease);
    const { owner: _owner, leaseExpiresAt: _expiry, ...rest } = stored.record;
    stored.record = freezeRun({ ...rest, ...outcome, status: outcome.status });
    this.#running.delete(id);
    this.#evict(this.#history(stored.record.workflow));
  }

  async renewLeases(owner: string, ttlMs: number, runs: readonly LeasedRun[]): Promise<string[]> {
    const lost: string[] = [];
    const expiresAt = this.#clock.now() + ttlMs;
    for (const { id, epoch } of runs) {
      const stored = this.#runs.get(id);
      if (stored === undefined || stored.record.status !== 'running' || stored.record.epoch !== epoch || stored.record.owner !== owner) lost.push(id);
      else stored.record = freezeRun({ ...stored.record, leaseExpiresAt: expiresAt });
    }
    return lost;
  }

  async expiredRuns(limit: number): Promise<RunRecord[]> {
    const now = this.#clock.now();
    const expired: RunRecord[] = [];
    for (const id of this.#running) {
      const { record } = this.#runs.get(id)!;
      if ((record.leaseExpiresAt ?? -Infinity) <= now) expired.push(record);
    }
    return expired.sort((a, b) => (a.leaseExpiresAt ?? 0) - (b.leaseExpiresAt ?? 0)).slice(0, limit);
  }

  async takeOver(id: string, takeOver: TakeOver): Promise<RunRecord | undefined> {
    const stored = this.#runs.get(id);
    if (stored === undefined) return undefined;
    const { record } = stored;
    const now = this.#clock.now();
    if (!takeOver.from.includes(record.status) || record.epoch !== takeOver.epoch) return undefined;
    if (record.status === 'running' && (takeOver.expiredOnly ?? true) && (record.leaseExpiresAt ?? -Infinity) > now) return undefined;
    const epoch = record.epoch + 1;
    const { finishedAt: _finishedAt, error: _error, outputSummary: _output, ...open } = record;
    const recovery = {
      kind: takeOver.kind,
      at: now,
      ...(record.status === 'running' && record.owner !== undefined ? { previousOwner: record.owner } : {}),
      previousEpoch: record.epoch,
      owner: takeOver.owner,
      epoch,
    };
    stored.record = freezeRun({
      ...open,
      status: 'running',
      attempt: record.attempt + 1,
      owner: takeOver.owner,
      epoch,
      leaseExpiresAt: now + takeOver.ttlMs,
      recoveries: [...record.recoveries, recovery],
    });
    this.#running.add(id);
    return stored.record;
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    return this.#runs.get(id)?.record;
  }

  async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const runs = this.#ofWorkflows([workflow]).sort(newestFirst).map((stored) => stored.record);
    return options.limit === undefined ? runs : runs.slice(0, options.limit);
  }

  async queryRuns(query: RunQuery = {}): Promise<RunPage> {
    const { workflow, status, trigger, from = -Infinity, to = Infinity, limit = 50, cursor } = query;
    checkQuery(query);
    const after = cursor === undefined ? undefined : readCursor(cursor);
    const workflows = workflow === undefined ? [...this.#histories.keys()] : typeof workflow === 'string' ? [workflow] : workflow;
    const matches = this.#ofWorkflows(workflows)
      .filter(({ record }) => (status === undefined || status.includes(record.status)) && (trigger === undefined || record.trigger === trigger))
      .filter(({ record }) => record.startedAt >= from && record.startedAt < to)
      .filter((stored) => after === undefined || newestFirst(stored, after) > 0)
      .sort(newestFirst);
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    const runs = page.map((stored) => stored.record);
    return matches.length > limit && last !== undefined ? { runs, nextCursor: writeCursor(last) } : { runs };
  }

  async countRuns(): Promise<RunCounts[]> {
    const counts: RunCounts[] = [];
    for (const [workflow, history] of this.#histories) {
      const byStatus: Partial<Record<RunStatus, number>> = {};
      for (const id of history.ids) {
        const { status } = this.#runs.get(id)!.record;
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
    return this.#lastSlot.get(workflow);
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
    const stored = this.#runs.get(id);
    const record = stored?.record;
    if (stored === undefined || record!.status !== 'running' || record!.epoch !== lease.epoch || record!.owner !== lease.owner) {
      const now = record === undefined ? 'is not in the store' : record.status !== 'running' ? `has ended (${record.status})` : `is at epoch ${record.epoch}, owned by ${record.owner ?? 'nobody'}`;
      throw new BatonError(BatonErrorCode.RunsStaleEpoch, `Write refused: run ${id} ${now}, but the write was made by ${lease.owner} at epoch ${lease.epoch}.`);
    }
    return stored;
  }

  #history(workflow: string): { ids: string[]; max: number } {
    let history = this.#histories.get(workflow);
    if (history === undefined) this.#histories.set(workflow, (history = { ids: [], max: this.#maxRuns }));
    return history;
  }

  #ofWorkflows(workflows: readonly string[]): StoredRun[] {
    const found: StoredRun[] = [];
    for (const workflow of workflows) for (const id of this.#histories.get(workflow)?.ids ?? []) found.push(this.#runs.get(id)!);
    return found;
  }

  /** Drops the oldest finished runs beyond the workflow's limit, and finished runs past the age limit. */
  #evict(history: { ids: string[]; max: number }): void {
    const oldest = this.#clock.now() - this.#maxAgeMs;
    let excess = history.ids.length - history.max;
    const kept: string[] = [];
    for (const id of history.ids) {
      const { record } = this.#runs.get(id)!;
      const finished = record.status !== 'running';
      const tooOld = finished && (record.finishedAt ?? record.startedAt) < oldest;
      if (finished && (excess > 0 || tooOld)) {
        this.#drop(record);
        excess--;
      } else {
        kept.push(id);
      }
    }
    if (kept.length !== history.ids.length) history.ids = kept;
  }

  #drop(record: RunRecord): void {
    this.#runs.delete(record.id);
    this.#running.delete(record.id);
    if (record.trigger === 'schedule') this.#slots.delete(`${record.workflow}\u0000${record.scheduledAt}`);
  }
}

/** Newest first: by startedAt, then by creation. */
function newestFirst(a: { record: RunRecord; seq: number } | Cursor, b: { record: RunRecord; seq: number } | Cursor): number {
  const [aStarted, aSeq] = 'record' in a ? [a.record.startedAt, a.seq] : [a.startedAt, a.seq];
  const [bStarted, bSeq] = 'record' in b ? [b.record.startedAt, b.seq] : [b.startedAt, b.seq];
  return bStarted - aStarted || bSeq - aSeq;
}

interface Cursor {
  readonly startedAt: number;
  readonly seq: number;
}

function writeCursor(stored: StoredRun): string {
  return Buffer.from(`m1:${stored.record.startedAt}:${stored.seq}`).toString('base64url');
}

function readCursor(cursor: string): Cursor {
  const match = /^m1:(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (match === null) throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The cursor ${JSON.stringify(cursor)} was not issued by this store.`);
  return { startedAt: Number(match[1]), seq: Number(match[2]) };
}

function checkQuery(query: RunQuery): void {
  const { status, trigger, from, to, limit } = query;
  for (const value of status ?? []) {
    if (!STATUSES.has(value)) throw new BatonError(BatonErrorCode.RunsInvalidQuery, `Unknown run status ${JSON.stringify(value)}; expected one of ${[...STATUSES].join(', ')}.`);
  }
  if (trigger !== undefined && trigger !== 'schedule' && trigger !== 'manual') {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `Unknown run trigger ${JSON.stringify(trigger)}; expected schedule or manual.`);
  }
  if ((from !== undefined && !Number.isFinite(from)) || (to !== undefined && !Number.isFinite(to)) || (from !== undefined && to !== undefined && from > to)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The time range [${String(from)}, ${String(to)}) is invalid: give finite epoch milliseconds, from <= to.`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The page size must be an integer from 1 to 500; got ${String(limit)}.`);
  }
}

function freezeStep(step: StepRunRecord): StepRunRecord {
  return Object.freeze({
    ...step,
    ...(step.attemptErrors === undefined ? {} : { attemptErrors: Object.freeze([...step.attemptErrors]) }),
    ...(step.compensation === undefined ? {} : { compensation: Object.freeze({ ...step.compensation }) }),
  });
}

function freezeRun(run: RunRecord): RunRecord {
  return Object.freeze({
    ...run,
    steps: Object.isFrozen(run.steps) ? run.steps : Object.freeze(run.steps.map(freezeStep)),
    recoveries: Object.isFrozen(run.recoveries) ? run.recoveries : Object.freeze(run.recoveries.map((recovery) => Object.freeze({ ...recovery }))),
    ...(run.warnings === undefined ? {} : { warnings: Object.freeze([...run.warnings]) }),
  });
}
