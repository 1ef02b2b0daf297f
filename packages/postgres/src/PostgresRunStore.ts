import {
  BatonError,
  BatonErrorCode,
  checkRunQuery,
  type LeasedRun,
  type ListRunsOptions,
  type RunCounts,
  type RunLease,
  type RunOutcome,
  type RunPage,
  type RunQuery,
  type RunRecord,
  type RunStatus,
  type RunStore,
  type StepRunRecord,
  type TakeOver,
} from '@baton/core';
import { isRunId, readCursor, writeCursor } from './Internal/runQueryCursor.js';
import { rowToRun, runSelect, type RunRow } from './Internal/runRows.js';
import { RunRetention } from './Internal/RunRetention.js';
import { insertClaim, runWriteStatements, type RunWriteStatements } from './Internal/runWriteStatements.js';
import { GroupCommit } from './Internal/GroupCommit.js';
import { stepsJson } from './Internal/stepWrites.js';
import { FreshRuns } from './Internal/FreshRuns.js';
import { claimValues, endRow, endValues, sortedClaimRows, type Claim, type RunEnd, type RunWrite } from './Internal/runWriteRows.js';
import { staleEpoch } from './Internal/staleEpoch.js';
import type { PostgresDatabase } from './PostgresDatabase.js';
import type { PostgresStats } from './PostgresStats.js';
import type { SqlValue } from './SqlValue.js';
import { PostgresErrorCode } from './PostgresErrorCode.js';
import type { PostgresRunStoreOptions } from './PostgresRunStoreOptions.js';

/**
 * The {@link RunStore} on PostgreSQL: runs, steps and checkpoints in the tables of migration 1, one statement per call.
 *
 * @remarks
 * - **Claim = create:** `createRun` is one `INSERT … ON CONFLICT (workflow, scheduled_at) DO NOTHING RETURNING`: of
 *   replicas racing for a slot, exactly one gets the row.
 * - **The database's clock:** leases expire at the database's `now()` + ttl, so the replicas' clocks do not matter.
 * - **Fencing:** every later write of a run is conditional on (id, epoch, owner, status `running`) and renews the lease
 *   on the way (heartbeats ride on writes). A write that matches no row changes nothing and rejects with
 *   BATON_ERR_RUNS_STALE_EPOCH.
 * - **Recovery:** `expiredRuns` reads a bounded batch with `FOR UPDATE SKIP LOCKED`; `takeOver` is one conditional
 *   `UPDATE … RETURNING`.
 * - **Round trips:** a one-step run costs 2 (claim; finish, which writes the step's record with the end), a run of n
 *   steps n + 1; one fewer when its end shares a statement with the next run's claim (below).
 *   {@link PostgresRunStore.stats} counts them by operation (a shared end and claim as `finishAndCreateRuns`).
 * - **Group commit:** claims and ends made in the same turn of the event loop, or while two statements of theirs are
 *   in flight, are written together, in one statement (and one commit): each claim still claims its own slot, each
 *   end is still fenced on its own, so a stale one is refused alone. A worker loop that starts its next run as its
 *   last one ends (concurrency 1) so writes that end and the next claim in one round trip instead of two. Each is
 *   committed before its call resolves, as alone: the claim before the run's first step, the end before the run is
 *   reported done.
 */
export class PostgresRunStore implements RunStore {
  readonly #db: PostgresDatabase;
  readonly #retention: RunRetention;
  readonly #select: string;
  readonly #runs: string;
  readonly #steps: string;
  readonly #schedules: string;
  /** The statements of the fenced writes, built once (again only if the database's now expression changes: tests). */
  #writes: RunWriteStatements | undefined;
  /** The runs whose end can take the lean statement. */
  readonly #fresh = new FreshRuns();
  /**
   * The runs' claims and ends, grouped: those made in the same turn of the event loop, or while two statements are in
   * flight, share one statement (and one commit) — at concurrency 1, a run's end and the next run's claim. Whether
   * each claim created its run, and whether each end matched its run.
   */
  readonly #group = new GroupCommit<RunWrite, boolean>({
    one: (write) => (write.claim !== undefined ? this.#createOne(write.claim) : this.#finishOne(write.end)),
    many: (writes) => this.#writeMany(writes),
    // Two claims of one slot never share a statement: each sees the other's row as the conflict it is. Two ends of
    // one run neither: each is fenced on its own.
    key: ({ claim, end }) =>
      claim !== undefined
        ? `claim\u0000${claim.run.trigger === 'schedule' ? `${claim.run.workflow}\u0000${claim.run.scheduledAt}` : claim.run.id.toLowerCase()}`
        : `end\u0000${end.id.toLowerCase()}`,
    maxItems: 100,
    // Two: the claims and ends made while one group is being written go out at once, on a connection of their own,
    // as the claims and the ends did when each kind had a group commit of its own.
    maxInFlight: 2,
    gather: true,
    retryAlone: (error) => !BatonError.is(error),
  });

  constructor(database: PostgresDatabase, options: PostgresRunStoreOptions = {}) {
    const { maxRunsPerWorkflow, maxAgeMs, retentionBatch = 500, ...unknown } = options;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      throw new BatonError(
        PostgresErrorCode.PostgresInvalidOptions,
        `Unknown PostgresRunStore option '${extra[0]}'; expected maxRunsPerWorkflow, maxAgeMs or retentionBatch.`,
      );
    }
    if (maxRunsPerWorkflow !== undefined && (!Number.isInteger(maxRunsPerWorkflow) || maxRunsPerWorkflow < 1)) {
      throw new BatonError(PostgresErrorCode.PostgresInvalidOptions, `maxRunsPerWorkflow must be an integer >= 1; got ${String(maxRunsPerWorkflow)}.`);
    }
    if (maxAgeMs !== undefined && !(typeof maxAgeMs === 'number' && maxAgeMs > 0 && Number.isFinite(maxAgeMs))) {
      throw new BatonError(PostgresErrorCode.PostgresInvalidOptions, `maxAgeMs must be a finite number of ms > 0; got ${String(maxAgeMs)}.`);
    }
    if (!Number.isInteger(retentionBatch) || retentionBatch < 1) {
      throw new BatonError(PostgresErrorCode.PostgresInvalidOptions, `retentionBatch must be an integer >= 1; got ${String(retentionBatch)}.`);
    }
    this.#db = database;
    this.#retention = new RunRetention(database, { maxRuns: maxRunsPerWorkflow, maxAgeMs, batch: retentionBatch });
    this.#select = runSelect((name) => database.table(name));
    this.#runs = database.table('runs');
    this.#steps = database.table('step_runs');
    this.#schedules = database.table('schedules');
  }

  /** The database this store writes to. */
  get database(): PostgresDatabase {
    return this.#db;
  }

  /** Round trips since the start or the last {@link resetStats}, in total and by operation (`createRun`, `recordStep`, …). */
  stats(): PostgresStats {
    return this.#db.stats();
  }

  /** Sets the round-trip counters back to zero. */
  resetStats(): void {
    this.#db.resetStats();
  }

  async createRun(run: RunRecord, lease: RunLease): Promise<boolean> {
    // Claims that arrive while another is being written share one INSERT (see GroupCommit): each row still claims
    // its own slot (ON CONFLICT DO NOTHING per row). A claim that carries retention or steps is written alone.
    const created =
      run.steps.length === 0 && this.#retention.limitOf(run.workflow) === undefined
        ? await this.#group.write({ claim: { run, lease } })
        : await this.#createOne({ run, lease });
    if (created) this.#fresh.claimed(run, lease.epoch);
    return created;
  }

  /** One run's claim, in a statement of its own: whether it created the run. */
  async #createOne({ run, lease }: Claim): Promise<boolean> {
    const values = claimValues(run, lease);
    const now = this.#db.nowMs;
    const insert = `${insertClaim(this.#runs, now, 1)} RETURNING id`;
    const limit = this.#retention.limitOf(run.workflow);
    let text: string;
    if (limit === undefined) {
      text = `WITH inserted AS (${insert}) SELECT count(*) AS created FROM inserted`;
    } else {
      // Retention by count rides on the claim: the same statement deletes the oldest finished runs beyond the limit.
      values.push(limit);
      text = `WITH inserted AS (${insert}), ${this.#retention.ctes('$2', `$${values.length}`, '(SELECT count(*) FROM inserted)')}
        SELECT (SELECT count(*) FROM inserted) AS created`;
    }
    if (run.steps.length > 0) {
      // Records created with steps already (an import): rare, so a statement of their own.
      const [row] = await this.#db.query<{ created: number }>('createRun', text, values);
      if (row!.created === 0) return false;
      await this.#writeSteps(run.id, lease, run.steps, 'createRun');
      return true;
    }
    const [row] = await this.#db.query<{ created: number }>('createRun', text, values, PREPARED);
    return row!.created > 0;
  }

  /** Several runs' claims in one INSERT: whether each created its run (a slot already taken creates nothing). */
  async #createMany(claims: readonly Claim[]): Promise<boolean[]> {
    const created = await this.#db.query<{ id: string }>('createRun', this.#statements().createMany, [JSON.stringify(sortedClaimRows(claims))], PREPARED);
    const ok = new Set(created.map((row) => row.id));
    return claims.map(({ run }) => ok.has(run.id.toLowerCase()));
  }

  async recordStep(runId: string, lease: RunLease, step: StepRunRecord): Promise<void> {
    this.#fresh.stepWritten(runId, step);
    await this.#writeSteps(runId, lease, [step], 'recordStep');
  }

  async finishRun(id: string, lease: RunLease, outcome: RunOutcome): Promise<void> {
    if (!isRunId(id)) throw staleEpoch(id, lease, undefined);
    const lean = this.#fresh.endsLean(id, lease.epoch, outcome.steps ?? []);
    // Ends that arrive while another is being written share one statement (see GroupCommit), each fenced on its own.
    if (!(await this.#group.write({ end: { id, lease, outcome, lean } }))) throw await this.#refusal(id, lease);
  }

  /** One run's end, in a statement of its own: whether it matched the run (id, epoch, owner, `running`). */
  async #finishOne(end: RunEnd): Promise<boolean> {
    const { outcome, lean } = end;
    const values = endValues(end);
    const steps = outcome.steps ?? [];
    if (steps.length > 0) values.push(stepsJson(steps));
    const statements = this.#statements();
    const text = steps.length === 0 ? statements.finish : lean === true ? statements.lean.finishWithSteps : statements.finishWithSteps;
    const rows = await this.#db.query('finishRun', text, values, PREPARED);
    return rows.length > 0;
  }

  /** Several runs' ends in one statement: whether each matched its run. */
  async #finishMany(ends: readonly RunEnd[]): Promise<boolean[]> {
    const rows = ends.map(endRow);
    const statements = ends.every((end) => end.lean === true) ? this.#statements().lean : this.#statements();
    const matched = await this.#db.query<{ id: string }>('finishRun', statements.finishMany, [JSON.stringify(rows)], PREPARED);
    const ok = new Set(matched.map((row) => row.id));
    return ends.map((end) => ok.has(end.id.toLowerCase()));
  }

  /** Several claims and ends in one statement: whether each claim created its run and each end matched its run. */
  async #writeMany(writes: readonly RunWrite[]): Promise<boolean[]> {
    const claims: Claim[] = [];
    const ends: RunEnd[] = [];
    for (const write of writes) {
      if (write.claim !== undefined) claims.push(write.claim);
      else ends.push(write.end);
    }
    if (ends.length === 0) return this.#createMany(claims);
    if (claims.length === 0) return this.#finishMany(ends);
    const statements = ends.every((end) => end.lean === true) ? this.#statements().lean : this.#statements();
    // One end and one claim (a worker loop at concurrency 1): from scalar values, the cheaper plan.
    const [end] = ends;
    const [claim] = claims;
    const rows = await this.#db.query<{ kind: 'end' | 'claim'; id: string }>(
      'finishAndCreateRuns',
      ends.length === 1 && claims.length === 1 ? statements.finishAndCreateOne : statements.finishAndCreateMany,
      ends.length === 1 && claims.length === 1
        ? [...endValues(end!), stepsJson(end!.outcome.steps ?? []), ...claimValues(claim!.run, claim!.lease)]
        : [JSON.stringify(ends.map(endRow)), JSON.stringify(sortedClaimRows(claims))],
      PREPARED,
    );
    const ok = new Set(rows.map((row) => `${row.kind}\u0000${row.id}`));
    return writes.map(({ claim, end }) =>
      claim !== undefined ? ok.has(`claim\u0000${claim.run.id.toLowerCase()}`) : ok.has(`end\u0000${end.id.toLowerCase()}`),
    );
  }

  async renewLeases(owner: string, ttlMs: number, runs: readonly LeasedRun[]): Promise<string[]> {
    const candidates = runs.filter((run) => isRunId(run.id));
    if (candidates.length === 0) return runs.map((run) => run.id);
    const renewed = await this.#db.query<{ id: string }>(
      'renewLeases',
      `UPDATE ${this.#runs} r SET lease_expires_at = ${this.#db.nowMs} + $4::bigint
       FROM unnest($2::uuid[], $3::integer[]) AS w(id, epoch)
       WHERE r.id = w.id AND r.epoch = w.epoch AND r.owner = $1 AND r.status = 'running'
       RETURNING r.id::text AS id`,
      [owner, candidates.map((run) => run.id), candidates.map((run) => run.epoch), ttlMs],
      URGENT,
    );
    const ok = new Set(renewed.map((row) => row.id));
    return runs.filter((run) => !ok.has(run.id.toLowerCase())).map((run) => run.id);
  }

  async expiredRuns(limit: number): Promise<RunRecord[]> {
    const rows = await this.#db.query<RunRow>(
      'expiredRuns',
      `SELECT ${this.#select} FROM ${this.#runs} r
       WHERE r.id IN (SELECT id FROM ${this.#runs} WHERE status = 'running' AND lease_expires_at <= ${this.#db.nowMs}
                      ORDER BY lease_expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       ORDER BY r.lease_expires_at, r.id`,
      [limit],
    );
    return rows.map(rowToRun);
  }

  async takeOver(id: string, takeOver: TakeOver): Promise<RunRecord | undefined> {
    if (!isRunId(id)) return undefined;
    this.#fresh.forget(id);
    const now = this.#db.nowMs;
    const rows = await this.#db.query<RunRow>(
      'takeOver',
      `WITH r AS (
         UPDATE ${this.#runs} SET status = 'running', attempt = attempt + 1, owner = $2, epoch = epoch + 1,
           lease_expires_at = ${now} + $3::bigint, finished_at = NULL, error = NULL, output_summary = NULL, updated_at = ${now},
           recoveries = recoveries || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
             'kind', $4::text, 'at', ${now}, 'previousOwner', CASE WHEN status = 'running' THEN owner END,
             'previousEpoch', epoch, 'owner', $2::text, 'epoch', epoch + 1)))
         WHERE id = $1 AND status = ANY($5::text[]) AND epoch = $6
           AND (status <> 'running' OR NOT $7::boolean OR lease_expires_at <= ${now})
         RETURNING *)
       SELECT ${this.#select} FROM r`,
      [id, takeOver.owner, takeOver.ttlMs, takeOver.kind, [...takeOver.from], takeOver.epoch, takeOver.expiredOnly ?? true],
    );
    return rows.length === 0 ? undefined : rowToRun(rows[0]!);
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    if (!isRunId(id)) return undefined;
    const rows = await this.#db.query<RunRow>('getRun', `SELECT ${this.#select} FROM ${this.#runs} r WHERE r.id = $1`, [id]);
    return rows.length === 0 ? undefined : rowToRun(rows[0]!);
  }

  async listRuns(workflow: string, options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const rows = await this.#db.query<RunRow>(
      'listRuns',
      `SELECT ${this.#select} FROM ${this.#runs} r WHERE r.workflow = $1 ORDER BY r.started_at DESC, r.id DESC LIMIT $2`,
      [workflow, options.limit ?? null],
    );
    return rows.map(rowToRun);
  }

  async queryRuns(query: RunQuery = {}): Promise<RunPage> {
    checkRunQuery(query);
    const { workflow, status, trigger, from, to, limit = 50, cursor } = query;
    const values: SqlValue[] = [];
    const where: string[] = [];
    const bind = (value: SqlValue): string => {
      values.push(value);
      return `$${values.length}`;
    };
    if (workflow !== undefined) where.push(`r.workflow = ANY(${bind(typeof workflow === 'string' ? [workflow] : [...workflow])}::text[])`);
    if (status !== undefined) where.push(`r.status = ANY(${bind([...status])}::text[])`);
    if (trigger !== undefined) where.push(`r.trigger = ${bind(trigger)}`);
    if (from !== undefined) where.push(`r.started_at >= ${bind(from)}::bigint`);
    if (to !== undefined) where.push(`r.started_at < ${bind(to)}::bigint`);
    if (cursor !== undefined) {
      const after = readCursor(cursor);
      where.push(`(r.started_at, r.id) < (${bind(after.startedAt)}::bigint, ${bind(after.id)}::uuid)`);
    }
    const rows = await this.#db.query<RunRow>(
      'queryRuns',
      `SELECT ${this.#select} FROM ${this.#runs} r ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.started_at DESC, r.id DESC LIMIT ${bind(limit + 1)}`,
      values,
    );
    const runs = rows.slice(0, limit).map(rowToRun);
    const last = runs.at(-1);
    return rows.length > limit && last !== undefined ? { runs, nextCursor: writeCursor({ startedAt: last.startedAt, id: last.id }) } : { runs };
  }

  async countRuns(): Promise<RunCounts[]> {
    const rows = await this.#db.query<{ workflow: string; status: RunStatus; count: number }>(
      'countRuns',
      `SELECT workflow, status, count(*) AS count FROM ${this.#runs} GROUP BY workflow, status ORDER BY workflow`,
    );
    const byWorkflow = new Map<string, Partial<Record<RunStatus, number>>>();
    for (const { workflow, status, count } of rows) {
      let counts = byWorkflow.get(workflow);
      if (counts === undefined) byWorkflow.set(workflow, (counts = {}));
      counts[status] = count;
    }
    return [...byWorkflow].map(([workflow, counts]) => ({ workflow, counts }));
  }

  async lastRun(workflow: string): Promise<RunRecord | undefined> {
    return (await this.listRuns(workflow, { limit: 1 }))[0];
  }

  async lastScheduledAt(workflow: string): Promise<number | undefined> {
    const [row] = await this.#db.query<{ at: number | null }>(
      'lastScheduledAt',
      `SELECT greatest(
         (SELECT max(scheduled_at) FROM ${this.#runs} WHERE workflow = $1 AND trigger = 'schedule'),
         (SELECT last_scheduled_at FROM ${this.#schedules} WHERE workflow = $1)) AS at`,
      [workflow],
    );
    return row!.at ?? undefined;
  }

  async setRetention(workflow: string, maxRuns: number): Promise<void> {
    if (!Number.isInteger(maxRuns) || maxRuns < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `The history of workflow '${workflow}' must be an integer >= 1; got ${String(maxRuns)}.`);
    }
    await this.#retention.setLimit(workflow, maxRuns);
  }

  /**
   * Deletes finished runs past the retention limits, in bounded batches (one statement each): older than `maxAgeMs`,
   * and beyond `maxRunsPerWorkflow` (or a workflow's own `history`) per workflow. Running runs are never deleted.
   * `addPostgres` calls it every `retentionInterval`. Resolves with how many runs it deleted.
   */
  async prune(): Promise<number> {
    return this.#retention.prune();
  }

  #statements(): RunWriteStatements {
    const now = this.#db.nowMs;
    if (this.#writes?.now !== now) this.#writes = runWriteStatements(this.#runs, this.#steps, now);
    return this.#writes;
  }

  /** Writes `steps` of run `runId` in one fenced statement that renews its lease: see {@link stepWritesSql}. */
  async #writeSteps(runId: string, lease: RunLease, steps: readonly StepRunRecord[], operation: string): Promise<void> {
    if (!isRunId(runId)) throw staleEpoch(runId, lease, undefined);
    const rows = await this.#db.query(operation, this.#statements().recordStep, [runId, lease.epoch, lease.owner, lease.ttlMs, stepsJson(steps)], PREPARED);
    if (rows.length === 0) throw await this.#refusal(runId, lease);
  }

  /** The error for a fenced write that matched no row, saying what the run is now (one more round trip, on failure only). */
  async #refusal(id: string, lease: RunLease): Promise<BatonError> {
    const [row] = await this.#db.query<{ status: RunStatus; epoch: number; owner: string | null }>(
      'refusal',
      `SELECT status, epoch, owner FROM ${this.#runs} WHERE id = $1`,
      [id],
    );
    return staleEpoch(id, lease, row);
  }
}

/** The run's own writes: a fixed text each, run for every run. */
const PREPARED = { prepare: true } as const;
/** The heartbeat: on a connection of its own, so that a busy pool cannot expire a healthy run's lease. */
const URGENT = { urgent: true } as const;
