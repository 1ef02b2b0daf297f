import type { StepRunRecord } from './StepRunRecord.js';

/**
 * Where a run is, or how it ended.
 * - `running`: in flight.
 * - `succeeded`: every step succeeded.
 * - `failed`: a step failed for good and no completed step had a compensation.
 * - `compensated` / `compensation_failed`: a step failed for good and the completed steps' compensations ran
 *   (in reverse order); all of them succeeded, or at least one threw.
 * - `cancelled`: aborted by `Workflows.cancel` or by the host stopping.
 * - `timed_out`: aborted by the workflow's `timeout`.
 * - `skipped`: a scheduled tick that did not run because of the overlap policy.
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'compensated' | 'compensation_failed' | 'cancelled' | 'timed_out' | 'skipped';

/** What started a run: its schedule, or `Workflows.trigger`. */
export type RunTrigger = 'schedule' | 'manual';

/** An error as recorded: plain data, safe to store as JSON. */
export interface RunError {
  /** The error's name, e.g. `TypeError` or `BatonError`. */
  readonly name: string;
  /** A readable message; a thrown non-Error is described (`Non-Error value thrown: ...`). */
  readonly message: string;
  /** The stack, when there is one. */
  readonly stack?: string;
  /** `BATON_ERR_*` for a BatonError, or the error's own string `code` (e.g. `ECONNRESET`). */
  readonly code?: string;
}

/**
 * One run of a workflow, as a {@link RunStore} keeps it. Plain data: every field maps to a column.
 *
 * @remarks Times are epoch milliseconds. Summaries are JSON, truncated to a size limit (2 KB by default).
 */
export interface RunRecord {
  /** Unique id of the run (a UUID). */
  readonly id: string;
  /** The workflow's name. */
  readonly workflow: string;
  readonly status: RunStatus;
  readonly trigger: RunTrigger;
  /** The schedule slot the run is for; for a manual run, when it was triggered. */
  readonly scheduledAt: number;
  /** `<workflow>@<ISO slot>` for a scheduled run (stable across replicas), `<workflow>@manual:<id>` for a manual one. */
  readonly idempotencyKey: string;
  readonly startedAt: number;
  /** Set once the run has ended. */
  readonly finishedAt?: number;
  /** Run-level attempt, from 1; reserved for a run taken over by another replica. */
  readonly attempt: number;
  /** JSON summary of the run's input, when it had one. */
  readonly inputSummary?: string;
  /** JSON summary of the last step's output, for a run that succeeded. */
  readonly outputSummary?: string;
  /** Why the run failed, timed out or was cancelled. */
  readonly error?: RunError;
  /** Why a tick was skipped (`overlap` or `lease`), for a `skipped` run. */
  readonly skipReason?: string;
  /** The step runs, in the order they started. */
  readonly steps: readonly StepRunRecord[];
}
