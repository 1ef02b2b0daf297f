import type { RunError, RunRecord, StepRunRecord } from '@baton/core';

/** A run error without its stack (paths and code lines are not for the page). */
export function errorView(error: RunError | undefined): { name: string; message: string; code?: string } | undefined {
  if (error === undefined) return undefined;
  return error.code === undefined ? { name: error.name, message: error.message } : { name: error.name, message: error.message, code: error.code };
}

/** A run as lists show it: no checkpoints, no steps. */
export function runSummary(run: RunRecord): Record<string, unknown> {
  return {
    id: run.id,
    workflow: run.workflow,
    status: run.status,
    trigger: run.trigger,
    scheduledAt: run.scheduledAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt === undefined ? undefined : run.finishedAt - run.startedAt,
    attempt: run.attempt,
    owner: run.owner,
    inputSummary: run.inputSummary,
    outputSummary: run.outputSummary,
    error: errorView(run.error),
    skipReason: run.skipReason,
    steps: run.steps.length,
    failedStep: run.steps.find((step) => step.status !== 'succeeded' && step.status !== 'running')?.name,
  };
}

/** A run with its steps, attempts' errors, compensations and recoveries; checkpoints (whole values) are left out. */
export function runDetail(run: RunRecord): Record<string, unknown> {
  return {
    ...runSummary(run),
    idempotencyKey: run.idempotencyKey,
    epoch: run.epoch,
    leaseExpiresAt: run.leaseExpiresAt,
    warnings: (run.warnings ?? []).map((warning) => ({ kind: warning.kind, at: warning.at, error: errorView(warning.error) })),
    recoveries: run.recoveries,
    steps: run.steps.map(stepView),
  };
}

function stepView(step: StepRunRecord): Record<string, unknown> {
  return {
    name: step.name,
    group: step.group,
    status: step.status,
    attempts: step.attempts,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    error: errorView(step.error),
    attemptErrors: (step.attemptErrors ?? []).map(errorView),
    outputSummary: step.outputSummary,
    compensation:
      step.compensation === undefined
        ? undefined
        : {
            status: step.compensation.status,
            startedAt: step.compensation.startedAt,
            finishedAt: step.compensation.finishedAt,
            attempts: step.compensation.attempts,
            error: errorView(step.compensation.error),
          },
  };
}
