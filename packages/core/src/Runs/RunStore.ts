import { token } from '../DependencyInjection/Token.js';
import type { RunCounts, RunPage, RunQuery } from './RunQuery.js';
import type { FinalRunStatus, RunError, RunRecord, RunStatus, RunWarning } from './RunRecord.js';
import type { RecoveryKind } from './RunRecovery.js';
import type { RunLease } from './RunLease.js';
import type { StepRunRecord } from './StepRunRecord.js';

/** What {@link RunStore.finishRun} writes when a run ends. */
export interface RunOutcome {
  readonly status: FinalRunStatus;
  readonly finishedAt: number;
  readonly error?: RunError;
  readonly outputSummary?: string;
  readonly warnings?: readonly RunWarning[];
  /**
   * Step records written together with the run's end, in the same write and fenced like it: the record of the step
   * that ended the run, which the runner hands over here instead of writing it on its own (as `recordStep` would).
   * A fenced end writes none of them.
   */
  readonly steps?: readonly StepRunRecord[];
}

/** What a write of a {@link RunStore} returns: nothing when it wrote synchronously, else a promise of the write. */
export type StoreWrite = Promise<void> | void;

/** What {@link RunStore.createRun} returns: whether the run was created, synchronously or as a promise. */
export type StoreClaim = Promise<boolean> | boolean;

/** Options of {@link RunStore.listRuns}. */
export interface ListRunsOptions {
  /** At most this many runs, newest first. Defaults to the store's whole history for the workflow. */
  readonly limit?: number;
}

/** A run its owner holds, as {@link RunStore.renewLeases} renews it. */
export interface LeasedRun {
  readonly id: string;
  readonly epoch: number;
}

/** What {@link RunStore.takeOver} asks for: a new owner for a run, on a condition. */
export interface TakeOver {
  readonly kind: RecoveryKind;
  /** The new owner and its lease's time to live. */
  readonly owner: string;
  readonly ttlMs: number;
  /** The run must be in one of these statuses. */
  readonly from: readonly RunStatus[];
  /** The run must be at this epoch (what the caller read), so two takeovers of one read cannot both win. */
  readonly epoch: number;
  /** For a `running` run: its lease must have expired (the store's clock). Defaults to true. */
  readonly expiredOnly?: boolean;
}

/**
 * Where runs, their steps and their checkpoints are recorded: in memory by default ({@link InMemoryRunStore}),
 * PostgreSQL with `@baton/postgres`. `@baton/testing`'s `runStoreConformance` checks the whole contract.
 *
 * @remarks Every method takes plain data, so a SQL store maps each call to one statement:
 * - **Claim = create.** `createRun` inserts the run, keyed by (workflow, scheduledAt) for a scheduled run: exactly one
 *   caller creates a given slot's run (`true`); every other sees the key taken (`false`) and does nothing. A manual
 *   run has no such key.
 * - **Fencing.** Every later write of a run carries its {@link RunLease}. The store applies it only if the run is
 *   `running` at that epoch; otherwise it refuses it with BATON_ERR_RUNS_STALE_EPOCH (the run was taken over, or is
 *   gone) and changes nothing. Each applied write renews the lease to the store's now + `ttlMs`.
 * - **Recovery.** `takeOver` gives a run a new owner at epoch + 1, on a condition (status, epoch, an expired lease),
 *   and records the takeover; `expiredRuns` finds the candidates.
 *
 * The runner writes a run in this order: `createRun` (status `running`, or a finished `skipped` record),
 * `recordStep` for each step transition, then `finishRun` (which may carry the last step's record), and waits for each
 * write before the next. A store must not
 * keep its callers' objects: copy what it keeps.
 *
 * Writes return a {@link StoreWrite} (or {@link StoreClaim}): a promise for a store that does I/O, or a plain value
 * for one that has written by the time it returns (the in-memory store). A write fails by rejecting or throwing.
 * The engine awaits a write only when it is a promise, except the claim: a run's first step starts after the caller
 * of `trigger()` has gone on, whichever form the claim's answer takes. Reads are always promises.
 */
export interface RunStore {
  /** Inserts a run; for a scheduled run, only if no run exists for its (workflow, scheduledAt). Its lease runs from the store's now. */
  createRun(run: RunRecord, lease: RunLease): StoreClaim;
  /** Inserts or replaces the step named `step.name` of run `runId` (fenced by `lease`). */
  recordStep(runId: string, lease: RunLease, step: StepRunRecord): StoreWrite;
  /** Writes the final status of run `id` and releases its lease (fenced by `lease`), with `outcome.steps` as `recordStep` would write them. */
  finishRun(id: string, lease: RunLease, outcome: RunOutcome): StoreWrite;
  /**
   * Renews the leases of running runs without another write (the owner's heartbeat). Resolves with the ids of the
   * runs whose lease could not be renewed: taken over, finished or gone.
   */
  renewLeases(owner: string, ttlMs: number, runs: readonly LeasedRun[]): Promise<string[]>;
  /** Up to `limit` runs still `running` whose lease has expired (the store's clock), oldest lease first. */
  expiredRuns(limit: number): Promise<RunRecord[]>;
  /**
   * Makes `takeOver.owner` the owner of run `id` at epoch + 1, status `running`, attempt + 1, with a new lease, and
   * records the takeover, if the run meets the conditions; resolves with the run as taken, or `undefined` if it did not.
   * A run that had ended is reopened: its `finishedAt`, `error` and `outputSummary` are cleared.
   */
  takeOver(id: string, takeOver: TakeOver): Promise<RunRecord | undefined>;
  /** The run with its steps, or `undefined`. */
  getRun(id: string): Promise<RunRecord | undefined>;
  /** The runs of `workflow`, newest (by `startedAt`, then by creation) first. */
  listRuns(workflow: string, options?: ListRunsOptions): Promise<RunRecord[]>;
  /** Runs across workflows, filtered, newest first, one page at a time. */
  queryRuns(query?: RunQuery): Promise<RunPage>;
  /** How many runs the store holds, by workflow and status. */
  countRuns(): Promise<RunCounts[]>;
  /** The most recent run of `workflow`, or `undefined`. */
  lastRun(workflow: string): Promise<RunRecord | undefined>;
  /**
   * The latest schedule slot of `workflow` that has a run (trigger `schedule`, any status), or `undefined`.
   * The engine reads it at start to apply the missed-run policy across restarts.
   */
  lastScheduledAt(workflow: string): Promise<number | undefined>;
  /**
   * Optional: keep at most `maxRuns` runs of `workflow` (a workflow's `history` option), overriding the store's
   * default. The engine calls it at start when the option is set and the store has the method. Running runs are
   * never dropped.
   */
  setRetention?(workflow: string, maxRuns: number): Promise<void>;
}

/** DI token for the host's {@link RunStore}; `addWorkflow` registers an {@link InMemoryRunStore} unless the app did. */
export const RunStore = token<RunStore>('@baton/core/RunStore');
