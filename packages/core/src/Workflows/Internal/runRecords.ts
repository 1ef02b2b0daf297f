// The run-level records a WorkflowRun builds: its outcome and its final record.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { RunRecord } from '../../Runs/RunRecord.js';
import type { RunOutcome } from '../../Runs/RunStore.js';
import type { StepRunRecord } from '../../Runs/StepRunRecord.js';

/** A run's outcome before it has its `finishedAt`. */
export type Outcome = Omit<RunOutcome, 'finishedAt'>;

/** The status of a run aborted with `reason`: timed out for the run's timeout, else cancelled. */
export function abortStatus(reason: unknown): 'timed_out' | 'cancelled' {
  return BatonError.is(reason, BatonErrorCode.WorkflowRunTimeout) ? 'timed_out' : 'cancelled';
}

export const NO_STEPS: readonly StepRunRecord[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The outcome `finishRun` writes: status, then error and output summary when set, then finishedAt. */
export function outcomeRecord(outcome: Outcome, finishedAt: number): RunOutcome {
  // The run's own outcome object, completed in place (its keys already in order).
  const record = outcome as Mutable<RunOutcome>;
  record.finishedAt = finishedAt;
  return record;
}

/** The run's final record: what it was created with, its outcome and its steps (as `{ ...base, ...finished, steps }`). */
export function finalRecord(base: RunRecord, finished: RunOutcome, steps: StepRunRecord[]): RunRecord {
  const { id, workflow, trigger, scheduledAt, idempotencyKey, startedAt, attempt, inputSummary } = base;
  const record: Mutable<RunRecord> =
    inputSummary === undefined
      ? { id, workflow, status: finished.status, trigger, scheduledAt, idempotencyKey, startedAt, attempt, steps }
      : { id, workflow, status: finished.status, trigger, scheduledAt, idempotencyKey, startedAt, attempt, inputSummary, steps };
  if (finished.error !== undefined) record.error = finished.error;
  if (finished.outputSummary !== undefined) record.outputSummary = finished.outputSummary;
  record.finishedAt = finished.finishedAt;
  return record;
}
