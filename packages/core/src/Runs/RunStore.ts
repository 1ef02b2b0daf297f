import { token } from '../DependencyInjection/Token.js';
import type { RunRecord, RunStatus } from './RunRecord.js';
import type { RunError } from './RunRecord.js';
import type { StepRunRecord } from './StepRunRecord.js';

/** What {@link RunStore.finishRun} writes when a run ends. */
export interface RunOutcome {
  /** The final status (anything but `running`). */
  readonly status: Exclude<RunStatus, 'running'>;
  readonly finishedAt: number;
  readonly error?: RunError;
  readonly outputSummary?: string;
}

/** What a write of a {@link RunStore} returns: nothing when it wrote synchronously, else a promise of the write. */
export type StoreWrite = Promise<void> | void;

/** Options of {@link RunStore.listRuns}. */
export interface ListRunsOptions {
  /** At most this many runs, newest first. Defaults to the store's whole history for the workflow. */
  readonly limit?: number;
}

/**
 * Where runs and their steps are recorded: in memory by default ({@link InMemoryRunStore}), PostgreSQL when configured.
 *
 * @remarks Every method takes plain data, so a SQL store maps each call to one statement:
 * `createRun` an INSERT, `finishRun` an UPDATE by id, `recordStep` an upsert keyed by (run id, step name),
 * `lastScheduledAt` a `max(scheduled_at)` over scheduled runs. The runner writes a run in this order: `createRun`
 * (status `running`, or a finished `skipped` record), `recordStep` for each step transition, then exactly one
 * `finishRun`, whatever the outcome, and waits for each write before the next. A store must not keep its callers'
 * objects: copy what it keeps.
 *
 * The three writes return a {@link StoreWrite}: a promise for a store that does I/O, or nothing for one that has
 * written by the time it returns (the in-memory store), which spares the runner a turn of the event loop per write.
 * A write fails by rejecting or by throwing. Reads are always promises.
 */
export interface RunStore {
  /** Inserts a run. Its `steps` are normally empty. */
  createRun(run: RunRecord): StoreWrite;
  /** Writes the final status of run `id` (no-op for an unknown id). */
  finishRun(id: string, outcome: RunOutcome): StoreWrite;
  /** Inserts or replaces the step named `step.name` of run `runId`. */
  recordStep(runId: string, step: StepRunRecord): StoreWrite;
  /** The run with its steps, or `undefined`. */
  getRun(id: string): Promise<RunRecord | undefined>;
  /** The runs of `workflow`, newest (by `startedAt`, then by creation) first. */
  listRuns(workflow: string, options?: ListRunsOptions): Promise<RunRecord[]>;
  /** The most recent run of `workflow`, or `undefined`. */
  lastRun(workflow: string): Promise<RunRecord | undefined>;
  /**
   * The latest schedule slot of `workflow` that was run or skipped (trigger `schedule`), or `undefined`.
   * The engine reads it at start to apply the missed-run policy across restarts.
   */
  lastScheduledAt(workflow: string): Promise<number | undefined>;
  /**
   * Optional: keep at most `maxRuns` runs of `workflow` (a workflow's `history` option), overriding the store's
   * default. The engine calls it at start when the option is set and the store has the method.
   */
  setRetention?(workflow: string, maxRuns: number): Promise<void>;
}

/** DI token for the host's {@link RunStore}; `addWorkflow` registers an {@link InMemoryRunStore} unless the app did. */
export const RunStore = token<RunStore>('@baton/core/RunStore');
