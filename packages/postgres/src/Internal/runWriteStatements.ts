import { RUN_COLUMNS } from './runWriteRows.js';
import { batchStepWritesSql, stepWritesSql } from './stepWrites.js';

/** The statements of a run's fenced writes, for one schema and one expression of the database's now. */
export interface RunWriteStatements {
  /** The expression of now they were built with. */
  readonly now: string;
  /** $1 id, $2 epoch, $3 owner, $4 ttl ms, $5 the steps (jsonb): renews the lease and writes the steps. */
  readonly recordStep: string;
  /** $1 id, $2 epoch, $3 owner, $4 status, $5 finished at, $6 error, $7 output summary, $8 warnings: the run's end. */
  readonly finish: string;
  /** {@link finish}, and $9 the steps (jsonb) written in the same statement, only if the fenced end matched its row. */
  readonly finishWithSteps: string;
  /**
   * The ends of several runs in one statement (group commit): $1 a jsonb array of one object per run (id, epoch,
   * owner, status, finished_at, error, output_summary, warnings, steps: {@link stepsJson}'s elements). Each run's end
   * is fenced on its own (id, epoch, owner, `running`), and its steps are written only when it matched; returns the
   * ids (text) of the runs that matched.
   */
  readonly finishMany: string;
  /**
   * The claims of several runs in one INSERT (group commit): $1 a jsonb array of one object per run (its columns, and
   * `ttl_ms` for its lease), inserted in the array's order (a scan of the array, nothing to reorder it). Each row claims
   * its own slot (ON CONFLICT DO NOTHING); returns the ids (text) created.
   */
  readonly createMany: string;
  /**
   * {@link finishMany} ($1) and {@link createMany} ($2) in one statement, one transaction and one commit: the ends
   * of some runs and the claims of others made in the same turn (at concurrency 1, a run's end and the next run's
   * claim). Returns the ids (text) of the ends that matched and of the claims that created their run, with `kind`
   * 'end' or 'claim'.
   */
  readonly finishAndCreateMany: string;
  /**
   * One run's end and another's claim in one statement, from scalar values: {@link finishWithSteps}'s $1 to $9 (the
   * steps a jsonb array, maybe empty), and the claim's values at $10 to $29 in the order of RUN_COLUMNS (ttl for
   * lease_expires_at). Returns what {@link finishAndCreateMany} does. The group of a worker loop at concurrency 1: its
   * plan finds the run by `id = $1` and inserts one VALUES row, where {@link finishAndCreateMany}'s joins the arrays'
   * records to their rows.
   */
  readonly finishAndCreateOne: string;
  /**
   * {@link finishWithSteps}, {@link finishMany} and {@link finishAndCreateMany} with the lean step writes (each record's
   * row upserted, nothing else): for ends whose runs' step rows hold nothing else to mark or delete (see isLeanEnd).
   */
  readonly lean: {
    readonly finishWithSteps: string;
    readonly finishMany: string;
    readonly finishAndCreateMany: string;
    readonly finishAndCreateOne: string;
  };
}

/** Builds the {@link RunWriteStatements} for the tables `runs` and `steps` (quoted names) and the SQL expression `now`. */
export function runWriteStatements(runs: string, steps: string, now: string): RunWriteStatements {
  // `status = (SELECT 'running')`, an InitPlan's value, for the reason told below finishManyOf: with the constant, the
  // scalar end (the one of a worker loop at concurrency 1) got that plan on most connections in the bench (2026-12-02,
  // pg_stat_user_indexes: one scan of runs_running_newest per run on the run path's connection).
  const fence = `WHERE id = $1 AND epoch = $2 AND owner = $3 AND status = (SELECT 'running') RETURNING id`;
  const finish = `UPDATE ${runs} SET status = $4, finished_at = $5, owner = NULL, lease_expires_at = NULL,
      error = coalesce($6::jsonb, error), output_summary = coalesce($7, output_summary), warnings = coalesce($8::jsonb, warnings),
      updated_at = ${now}
    ${fence}`;
  // The grouped statements find their rows through ids read from their own CTEs (`ANY(ARRAY(SELECT id FROM …))`),
  // never from a bound array: no estimate then depends on the bound values, so a generic plan costs what a custom one
  // does, PostgreSQL keeps one plan per connection after its first five executions (plan_cache_mode auto), and that
  // plan finds step rows by the primary key. With a bound array (`ANY($1::uuid[])`), one-step runs at concurrency 1
  // (pg_stat_statements, 2026-12-02): in a 10 s run the statement was planned again at 1 execution in 3 to 5 (190-310
  // µs per run); in the bench's the generic plan kept, made while step_runs was small, scanned step_runs whole three
  // times: 1,223 µs per execution at concurrency 1 (705 now), 4,850 per group at 10 (1,087 now). The step CTEs that
  // find rows by run_id can still get a generic plan that reads step_runs whole (made while it was small: auto_explain,
  // 2026-12-02, `later` and `no_compensation`); fresh runs' ends skip them (the lean statements, PostgresRunStore).
  // The fence's `status = 'running'` is compared with an InitPlan's value, not a constant, so that the planner cannot
  // prove it implies runs_running_newest's predicate: with a constant, the generic plan (made while that index was
  // small) read the rows by id through the whole of that index (id is its second column), whose entries of ended runs
  // stay until a vacuum: 144 buffers and 0.23 ms of the statement's 0.58 after 16,000 runs (auto_explain,
  // 2026-12-02), growing with every run. Found by the primary key, the row costs 3 buffers.
  const finishManyOf = (lean: boolean) => `WITH w AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS w(id uuid, epoch integer, owner text, status text, finished_at bigint,
          error jsonb, output_summary text, warnings jsonb, steps jsonb)),
      run AS (
        UPDATE ${runs} r SET status = w.status, finished_at = w.finished_at, owner = NULL, lease_expires_at = NULL,
          error = coalesce(w.error, r.error), output_summary = coalesce(w.output_summary, r.output_summary),
          warnings = coalesce(w.warnings, r.warnings), updated_at = ${now}
        FROM w WHERE r.id = ANY(ARRAY(SELECT id FROM w)) AND r.id = w.id AND r.epoch = w.epoch AND r.owner = w.owner
          AND r.status = (SELECT 'running')
        RETURNING r.id),
      ${batchStepWritesSql(steps, lean)}`;
  const finishMany = (lean: boolean) => `${finishManyOf(lean)}
      SELECT id::text AS id FROM run`;
  const finishAndCreateMany = (lean: boolean) => `${finishManyOf(lean)},
      claimed AS (${insertClaims(runs, now, '$2')})
      SELECT 'end' AS kind, id::text AS id FROM run UNION ALL SELECT 'claim' AS kind, id FROM claimed`;
  const finishWithSteps = (lean: boolean) => `WITH run AS (${finish}), ${stepWritesSql(steps, '$1', '$9', lean)} SELECT id FROM run`;
  const finishAndCreateOne = (lean: boolean) => `WITH run AS (${finish}), ${stepWritesSql(steps, '$1', '$9', lean)},
      claimed AS (${insertClaim(runs, now, 10)} RETURNING id)
      SELECT 'end' AS kind, id::text AS id FROM run UNION ALL SELECT 'claim' AS kind, id::text AS id FROM claimed`;
  return {
    now,
    recordStep: `WITH run AS (UPDATE ${runs} SET lease_expires_at = ${now} + $4::bigint, updated_at = ${now} ${fence}),
      ${stepWritesSql(steps, '$1', '$5')}
      SELECT id FROM run`,
    finish,
    finishWithSteps: finishWithSteps(false),
    finishMany: finishMany(false),
    createMany: insertClaims(runs, now, '$1'),
    finishAndCreateMany: finishAndCreateMany(false),
    finishAndCreateOne: finishAndCreateOne(false),
    lean: {
      finishWithSteps: finishWithSteps(true),
      finishMany: finishMany(true),
      finishAndCreateMany: finishAndCreateMany(true),
      finishAndCreateOne: finishAndCreateOne(true),
    },
  };
}

/**
 * The INSERT of one claim (without RETURNING), its values bound from `$first` on, in the order of RUN_COLUMNS (ttl for
 * lease_expires_at).
 */
export function insertClaim(runs: string, now: string, first: number): string {
  const casts = ['', '', '', '', '', '', '', '', '', '', '', '::bigint', '', '', '', '::jsonb', '', '::jsonb', '::jsonb', '::jsonb'];
  const values = casts.map((cast, index) => (index === 11 ? `${now} + $${first + index}${cast}` : `$${first + index}${cast}`));
  return `INSERT INTO ${runs} (${RUN_COLUMNS})
      VALUES (${values.join(', ')})
      ON CONFLICT (workflow, scheduled_at) WHERE trigger = 'schedule' DO NOTHING`;
}

/** The INSERT of a group's claims, from `rows` (a jsonb array, see {@link RunWriteStatements.createMany}). */
function insertClaims(runs: string, now: string, rows: string): string {
  return `INSERT INTO ${runs} (id, workflow, status, trigger, scheduled_at, idempotency_key, started_at, finished_at, attempt,
        owner, epoch, lease_expires_at, input, input_summary, output_summary, error, skip_reason, warnings, recoveries, trace_context)
      SELECT id, workflow, status, trigger, scheduled_at, idempotency_key, started_at, finished_at, attempt,
        owner, epoch, ${now} + ttl_ms, input, input_summary, output_summary, error, skip_reason, warnings, recoveries, trace_context
      FROM jsonb_to_recordset(${rows}::jsonb) AS c(id uuid, workflow text, status text, trigger text, scheduled_at bigint, idempotency_key text,
        started_at bigint, finished_at bigint, attempt integer, owner text, epoch integer, ttl_ms bigint, input text, input_summary text,
        output_summary text, error jsonb, skip_reason text, warnings jsonb, recoveries jsonb, trace_context jsonb)
      ON CONFLICT (workflow, scheduled_at) WHERE trigger = 'schedule' DO NOTHING
      RETURNING id::text AS id`;
}
