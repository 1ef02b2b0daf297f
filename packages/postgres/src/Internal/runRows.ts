import type { RunRecord, StepRunRecord } from '@baton/core';

/** A row of the run select ({@link runSelect}): the run's columns, and its steps as jsonb. */
export interface RunRow {
  readonly id: string;
  readonly workflow: string;
  readonly status: RunRecord['status'];
  readonly trigger: RunRecord['trigger'];
  readonly scheduled_at: number;
  readonly idempotency_key: string;
  readonly started_at: number;
  readonly finished_at: number | null;
  readonly attempt: number;
  readonly owner: string | null;
  readonly epoch: number;
  readonly lease_expires_at: number | null;
  readonly input: string | null;
  readonly input_summary: string | null;
  readonly output_summary: string | null;
  readonly error: RunRecord['error'] | null;
  readonly skip_reason: string | null;
  readonly warnings: RunRecord['warnings'] | null;
  readonly recoveries: RunRecord['recoveries'];
  readonly trace_context: Readonly<Record<string, string>> | null;
  readonly steps: readonly Record<string, unknown>[];
}

/**
 * The columns of a run and its steps, for a FROM clause that names the run `r`. Each step is read from the row of its
 * latest attempt, with its compensation, in the order its name was first recorded.
 */
export function runSelect(table: (name: string) => string): string {
  const steps = table('step_runs');
  return `r.id::text AS id, r.workflow, r.status, r.trigger, r.scheduled_at, r.idempotency_key, r.started_at, r.finished_at, r.attempt,
  r.owner, r.epoch, r.lease_expires_at, r.input, r.input_summary, r.output_summary, r.error, r.skip_reason, r.warnings, r.recoveries,
  r.trace_context,
  (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'name', s.name, 'group', s.step_group, 'status', s.status, 'attempts', s.attempt, 'startedAt', s.started_at,
      'finishedAt', s.finished_at, 'error', s.error, 'attemptErrors', s.attempt_errors, 'output', s.output,
      'outputSummary', s.output_summary,
      'compensation', (SELECT jsonb_build_object('status', c.status, 'startedAt', c.started_at, 'finishedAt', c.finished_at,
          'attempts', c.attempts, 'error', c.error)
        FROM ${steps} c WHERE c.run_id = s.run_id AND c.kind = 'compensation' AND c.name = s.name AND c.attempt = 1)
    ) ORDER BY s.first_seq), '[]'::jsonb)
   FROM (SELECT DISTINCT ON (x.name) x.*, min(x.seq) OVER (PARTITION BY x.name) AS first_seq
         FROM ${steps} x WHERE x.run_id = r.id AND x.kind = 'step' ORDER BY x.name, x.attempt DESC) s) AS steps`;
}

/** The record of a row: absent fields for null columns, as the in-memory store leaves them out. */
export function rowToRun(row: RunRow): RunRecord {
  const run: Record<string, unknown> = {
    id: row.id,
    workflow: row.workflow,
    status: row.status,
    trigger: row.trigger,
    scheduledAt: row.scheduled_at,
    idempotencyKey: row.idempotency_key,
    startedAt: row.started_at,
    attempt: row.attempt,
    epoch: row.epoch,
    recoveries: row.recoveries,
    steps: row.steps.map(toStep),
  };
  optional(run, 'finishedAt', row.finished_at);
  optional(run, 'owner', row.owner);
  optional(run, 'leaseExpiresAt', row.lease_expires_at);
  optional(run, 'input', row.input);
  optional(run, 'inputSummary', row.input_summary);
  optional(run, 'outputSummary', row.output_summary);
  optional(run, 'error', row.error);
  optional(run, 'skipReason', row.skip_reason);
  optional(run, 'warnings', row.warnings);
  optional(run, 'traceContext', row.trace_context);
  return run as unknown as RunRecord;
}

function toStep(step: Record<string, unknown>): StepRunRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(step)) {
    if (value === null) continue;
    out[key] = key === 'compensation' ? withoutNulls(value as Record<string, unknown>) : value;
  }
  return out as unknown as StepRunRecord;
}

function withoutNulls(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}

function optional(run: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined) run[key] = value;
}
