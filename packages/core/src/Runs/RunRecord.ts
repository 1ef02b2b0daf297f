import type { RunRecovery } from './RunRecovery.js';
import type { StepRunRecord } from './StepRunRecord.js';

/**
 * Where a run is, or how it ended.
 * - `running`: in flight, owned by the engine named in {@link RunRecord.owner} while its lease lasts.
 * - `succeeded`: every step succeeded.
 * - `failed`: a step failed for good and no completed step had a compensation (or the recovery policy was `fail`).
 * - `compensated` / `compensation_failed`: the completed steps' compensations ran (in reverse order); all of them
 *   succeeded, or at least one threw.
 * - `cancelled`: aborted by `Workflows.cancel` or by the host stopping.
 * - `timed_out`: aborted by the workflow's `timeout`.
 * - `skipped`: a scheduled tick that did not run, because of the overlap policy or another replica's lease.
 * - `abandoned`: its owner died more often than the workflow's `maxRecoveries` allows; {@link RunRecord.error} says why.
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'compensated' | 'compensation_failed' | 'cancelled' | 'timed_out' | 'skipped' | 'abandoned';

/** The statuses a run can end in. */
export type FinalRunStatus = Exclude<RunStatus, 'running'>;

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

/** Something that went wrong around a run without changing its outcome, e.g. a scoped service that failed to dispose. */
export interface RunWarning {
  /** A stable kind, e.g. `scope-dispose-failed`. */
  readonly kind: string;
  readonly at: number;
  readonly error: RunError;
}

/**
 * One run of a workflow, as a {@link RunStore} keeps it. Plain data: every field maps to a column.
 *
 * @remarks Times are epoch milliseconds. `input` and each step's `output` are checkpoints: the whole value, encoded
 * by the host's {@link Serializer}, from which another engine resumes the run. Summaries are for display only,
 * truncated to a size limit (2 KB by default).
 */
export interface RunRecord {
  /** Unique id of the run: a UUIDv7, so ids sort by creation. */
  readonly id: string;
  /** The workflow's name. */
  readonly workflow: string;
  readonly status: RunStatus;
  readonly trigger: RunTrigger;
  /** The schedule slot the run is for; for a manual run, when it was triggered. With `workflow`, the key of a scheduled run. */
  readonly scheduledAt: number;
  /** `<workflow>@<ISO slot>` for a scheduled run (stable across replicas), `<workflow>@manual:<id>` for a manual one. */
  readonly idempotencyKey: string;
  readonly startedAt: number;
  /** Set once the run has ended. */
  readonly finishedAt?: number;
  /** Run-level attempt, from 1: each recovery, resume, retry or manual compensation adds one. */
  readonly attempt: number;
  /** The engine instance that owns the run while it is `running`. */
  readonly owner?: string;
  /** The lease epoch, from 1: raised by every takeover. A write that carries an older epoch is refused (fencing). */
  readonly epoch: number;
  /** While `running`: when the owner's lease expires unless renewed (the store's clock). */
  readonly leaseExpiresAt?: number;
  /** The run's input, as a checkpoint (serialized whole), when it had one. */
  readonly input?: string;
  /**
   * The W3C trace context (`traceparent`, `tracestate`) its trigger carried (`Workflows.trigger`'s `traceContext`), so
   * that the run's spans link to the request that started it. Stores keep it as given.
   */
  readonly traceContext?: Readonly<Record<string, string>>;
  /** Display summary of the run's input. */
  readonly inputSummary?: string;
  /** Display summary of the last step's output, for a run that succeeded. */
  readonly outputSummary?: string;
  /** Why the run failed, timed out, was cancelled or abandoned. */
  readonly error?: RunError;
  /** Why a tick was skipped (`overlap` or `lease`), for a `skipped` run. */
  readonly skipReason?: string;
  /** What went wrong without changing the outcome. */
  readonly warnings?: readonly RunWarning[];
  /** Every takeover of the run, oldest first: crash recoveries and manual resume, retry or compensate. */
  readonly recoveries: readonly RunRecovery[];
  /** The step runs, in the order they were first recorded: a step is recorded when it ends, or when a failed attempt is retried (`startedAt` orders them by start). */
  readonly steps: readonly StepRunRecord[];
}
