import type { PostgresDatabase } from '../PostgresDatabase.js';

/**
 * Retention of the runs table, for PostgresRunStore: finished runs past a workflow's limit by count (its `history`, or
 * the store's `maxRunsPerWorkflow`) or older than `maxAgeMs` are deleted in bounded batches; running ones never are.
 * Each workflow's latest slot survives its run's deletion in `schedules` (for lastScheduledAt).
 */
export class RunRetention {
  readonly #db: PostgresDatabase;
  readonly #maxRuns: number | undefined;
  readonly #maxAgeMs: number | undefined;
  readonly #batch: number;
  readonly #limits = new Map<string, number>();
  readonly #runs: string;
  readonly #schedules: string;

  constructor(database: PostgresDatabase, options: { maxRuns: number | undefined; maxAgeMs: number | undefined; batch: number }) {
    this.#db = database;
    this.#maxRuns = options.maxRuns;
    this.#maxAgeMs = options.maxAgeMs;
    this.#batch = options.batch;
    this.#runs = database.table('runs');
    this.#schedules = database.table('schedules');
  }

  /** Sets the limit of `workflow` and deletes its runs beyond it at once. */
  async setLimit(workflow: string, maxRuns: number): Promise<void> {
    this.#limits.set(workflow, maxRuns);
    while ((await this.#pruneWorkflow(workflow, maxRuns)) === this.#batch) {
      // A full batch: more may be over the limit.
    }
  }

  /**
   * Deletes finished runs past the limits, in bounded batches (one statement each), workflow by workflow: older than
   * `maxAgeMs`, and beyond the workflow's limit. Resolves with how many runs it deleted.
   */
  async prune(): Promise<number> {
    let deleted = 0;
    // The workflows that have runs: one index probe per workflow (a loose scan of runs_workflow_newest), not a table scan.
    const workflows = await this.#db.query<{ workflow: string }>(
      'prune',
      `WITH RECURSIVE w AS (
         (SELECT workflow FROM ${this.#runs} ORDER BY workflow LIMIT 1)
         UNION ALL
         SELECT (SELECT r.workflow FROM ${this.#runs} r WHERE r.workflow > w.workflow ORDER BY r.workflow LIMIT 1) FROM w WHERE w.workflow IS NOT NULL)
       SELECT workflow FROM w WHERE workflow IS NOT NULL`,
    );
    for (const { workflow } of workflows) {
      if (this.#maxAgeMs !== undefined) {
        for (let batch = this.#batch; batch === this.#batch; deleted += batch) {
          const [row] = await this.#db.query<{ deleted: number }>(
            'prune',
            `WITH doomed AS (SELECT id FROM ${this.#runs} WHERE workflow = $1 AND status <> 'running' AND finished_at < ${this.#db.nowMs} - $2::bigint
                             ORDER BY finished_at LIMIT $3),
             ${this.#deletion('doomed')}
             SELECT count(*) AS deleted FROM deleted`,
            [workflow, this.#maxAgeMs, this.#batch],
          );
          batch = row!.deleted;
        }
      }
      const limit = this.limitOf(workflow);
      if (limit === undefined) continue;
      for (let batch = this.#batch; batch === this.#batch; deleted += batch) batch = await this.#pruneWorkflow(workflow, limit);
    }
    return deleted;
  }
  /** The most runs `workflow` keeps, if it has a limit. */
  limitOf(workflow: string): number | undefined {
    return this.#limits.get(workflow) ?? this.#maxRuns;
  }

  async #pruneWorkflow(workflow: string, limit: number): Promise<number> {
    const [row] = await this.#db.query<{ deleted: number }>('prune', `WITH ${this.ctes('$1', '$2', '0')} SELECT count(*) AS deleted FROM deleted`, [
      workflow,
      limit,
    ]);
    return row!.deleted;
  }

  /**
   * CTEs deleting the oldest finished runs of a workflow (SQL `workflow`) beyond `limit` runs in all (running ones count, and are
   * never deleted), at most one batch. `extra` counts runs this statement inserts, which its snapshot cannot see.
   */
  ctes(workflow: string, limit: string, extra: string): string {
    return `doomed AS (
        SELECT id FROM ${this.#runs} WHERE workflow = ${workflow} AND status <> 'running'
        ORDER BY finished_at DESC, id DESC
        OFFSET greatest(0, ${limit}::bigint - (SELECT count(*) FROM ${this.#runs} WHERE workflow = ${workflow} AND status = 'running') - ${extra})
        LIMIT ${this.#batch}),
      ${this.#deletion('doomed')}`;
  }

  /** CTEs deleting the runs listed in `doomed`, keeping each workflow's latest slot in `schedules` (for lastScheduledAt). */
  #deletion(doomed: string): string {
    return `deleted AS (DELETE FROM ${this.#runs} WHERE id IN (SELECT id FROM ${doomed}) RETURNING workflow, trigger, scheduled_at),
      kept_slot AS (
        INSERT INTO ${this.#schedules} (workflow, last_scheduled_at)
        SELECT workflow, max(scheduled_at) FROM deleted WHERE trigger = 'schedule' GROUP BY workflow
        ON CONFLICT (workflow) DO UPDATE SET last_scheduled_at = greatest(${this.#schedules}.last_scheduled_at, excluded.last_scheduled_at))`;
  }
}
