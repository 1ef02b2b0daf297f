import type { RunRecord, RunWarning } from '../RunRecord.js';
import type { RunOutcome } from '../RunStore.js';
import type { Mutable } from './Mutable.js';

/**
 * The record of a run that ended with `outcome`: the running record's fields but the lease's, and the outcome's, for
 * EndedRuns to keep.
 */
export function ended(running: RunRecord, outcome: RunOutcome): Mutable<RunRecord> {
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

export function freezeWarning(warning: RunWarning): RunWarning {
  return Object.freeze({ ...warning, error: Object.freeze({ ...warning.error }) });
}
