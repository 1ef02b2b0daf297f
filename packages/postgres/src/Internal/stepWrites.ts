import type { StepRunRecord } from '@baton/core';

/** The columns of one step record in the jsonb array of {@link stepsJson}, as `jsonb_to_recordset` reads them. */
const STEP_COLUMNS = `name text, step_group text, status text, attempt integer, started_at bigint, finished_at bigint, error jsonb,
      attempt_errors jsonb, output text, output_summary text, compensation jsonb`;

/**
 * CTEs that write step records for the run that CTE `run` returns (its id bound to `runId`) (none when it returned no row: the write was
 * fenced), from a jsonb array of {@link stepsJson} bound to `param`. Per record: the row of its current attempt is
 * upserted; earlier attempts' rows still `running` are marked failed with their errors, later ones (from before a
 * restart) deleted; its compensation row written, or deleted when the record has none.
 */
export function stepWritesSql(steps: string, runId: string, param: string, lean = false): string {
  return stepWritesOf(
    steps,
    `= ${runId}::uuid`,
    `SELECT run.id AS run_id, s.* FROM run CROSS JOIN jsonb_to_recordset(${param}::jsonb) AS s(${STEP_COLUMNS})`,
    lean,
  );
}

/**
 * {@link stepWritesSql} for several runs: the step records of each run that CTE `run` returns (`id`), read from the
 * jsonb column `steps` of CTE `w` (one row per run, `id` its run). Step rows are found by the ids `run` returned.
 */
export function batchStepWritesSql(steps: string, lean = false): string {
  return stepWritesOf(
    steps,
    `= ANY(ARRAY(SELECT id FROM run))`,
    `SELECT run.id AS run_id, s.* FROM run JOIN w ON w.id = run.id CROSS JOIN LATERAL jsonb_to_recordset(coalesce(w.steps, '[]'::jsonb)) AS s(${STEP_COLUMNS})`,
    lean,
  );
}

/**
 * The CTEs of {@link stepWritesSql}: `runIds` the condition on a step row's run_id, `given` the SELECT of the records.
 * `lean`: only the upsert of each record's row, for runs whose rows hold nothing else to mark, delete or compensate
 * (see {@link isLeanEnd}).
 */
function stepWritesOf(steps: string, runIds: string, given: string, lean: boolean): string {
  const step = `step AS (
    INSERT INTO ${steps} (run_id, kind, name, attempt, step_group, status, started_at, finished_at, error, attempt_errors, output, output_summary)
    SELECT run_id, 'step', name, attempt, step_group, status, started_at, finished_at, error, attempt_errors, output, output_summary FROM given
    ON CONFLICT (run_id, kind, name, attempt) DO UPDATE SET step_group = excluded.step_group, status = excluded.status,
      started_at = excluded.started_at, finished_at = excluded.finished_at, error = excluded.error,
      attempt_errors = excluded.attempt_errors, output = excluded.output, output_summary = excluded.output_summary)`;
  if (lean) return `given AS (${given}),\n  ${step}`;
  // The runs' own rows are found by their ids (bound values, so the primary key's prefix), not by a join with the
  // records: the planner cannot tell how many records the array holds, and would scan the whole table to join them.
  return `given AS (${given}),
  earlier AS (
    UPDATE ${steps} t SET status = 'failed', error = coalesce(g.attempt_errors -> (t.attempt - 1), t.error) FROM given g
    WHERE t.run_id ${runIds} AND t.run_id = g.run_id AND t.kind = 'step' AND t.name = g.name AND t.attempt < g.attempt AND t.status = 'running'),
  later AS (
    DELETE FROM ${steps} t USING given g WHERE t.run_id ${runIds} AND t.run_id = g.run_id AND t.kind = 'step' AND t.name = g.name AND t.attempt > g.attempt),
  ${step},
  compensation AS (
    INSERT INTO ${steps} (run_id, kind, name, attempt, status, started_at, finished_at, attempts, error)
    SELECT run_id, 'compensation', name, 1, compensation ->> 'status', (compensation ->> 'startedAt')::bigint,
      (compensation ->> 'finishedAt')::bigint, (compensation ->> 'attempts')::integer, compensation -> 'error'
    FROM given WHERE compensation IS NOT NULL
    ON CONFLICT (run_id, kind, name, attempt) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
      finished_at = excluded.finished_at, attempts = excluded.attempts, error = excluded.error),
  no_compensation AS (
    DELETE FROM ${steps} t USING given g
    WHERE g.compensation IS NULL AND t.run_id ${runIds} AND t.run_id = g.run_id AND t.kind = 'compensation' AND t.name = g.name)`;
}

/**
 * Whether the lean step writes ({@link stepWritesSql} with `lean`) leave what the full ones would, for a run whose step
 * rows were all written by the execution ending it (a fresh run's, never taken over: see PostgresRunStore): every
 * record at its first attempt (no earlier attempt's row to mark failed, no later one from before a restart to delete)
 * and none with a compensation (no compensation row to write, and none written before to delete).
 */
export function isLeanEnd(records: readonly StepRunRecord[]): boolean {
  return records.every((record) => record.attempts === 1 && record.compensation === undefined);
}

/**
 * The records as the jsonb array {@link stepWritesSql} reads: one element per step name (the last record of a name
 * wins, as if each were written in turn), in the order the names first appear.
 */
export function stepsJson(records: readonly StepRunRecord[]): string {
  return JSON.stringify(stepRows(records));
}

/** The elements of {@link stepsJson}'s array, as objects (to embed in a larger JSON document). */
export function stepRows(records: readonly StepRunRecord[]): object[] {
  const byName = new Map<string, StepRunRecord>();
  for (const record of records) byName.set(record.name, record);
  const rows = [...byName.values()].map((step) => ({
    name: step.name,
    step_group: step.group,
    status: step.status,
    attempt: step.attempts,
    started_at: step.startedAt,
    finished_at: step.finishedAt,
    error: step.error,
    attempt_errors: step.attemptErrors,
    output: step.output,
    output_summary: step.outputSummary,
    compensation: step.compensation,
  }));
  return rows;
}
