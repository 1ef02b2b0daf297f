// The runs table's indexes (migration 4): each query the store makes is planned on an index on 200,000 runs and their
// steps (none reads a whole table but countRuns, which counts the runs), no index holds lease_expires_at, so that a heartbeat is a HOT update,
// and a schema at version 3 upgrades with its runs intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@baton/core';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { migrations } from '../src/Internal/Migrations/migrations.js';
import { PostgresDatabase, PostgresRunStore, type SqlValue } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';
import { until } from './until.js';

/** A database that keeps the statements it sends, to explain them afterwards. */
class RecordingDatabase extends PostgresDatabase {
  readonly sent: { operation: string; text: string; values: readonly SqlValue[] }[] = [];

  override async query<Row = Record<string, unknown>>(operation: string, text: string, values: readonly SqlValue[] = []): Promise<Row[]> {
    this.sent.push({ operation, text, values });
    return super.query<Row>(operation, text, values);
  }
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

/** The scans of the runs and step_runs tables in `plan`: `seq <table>` for a scan of a whole table, else the index's name. */
function runsScans(plan: PlanNode): string[] {
  const table = plan['Relation Name'];
  const own = table === 'runs' || table === 'step_runs' ? [plan['Node Type'] === 'Seq Scan' ? `seq ${table}` : (plan['Index Name'] ?? plan['Node Type'])] : [];
  return [...own, ...(plan.Plans ?? []).flatMap(runsScans)];
}

const RUNS = 200_000;
const WORKFLOWS = 20;
const T0 = Date.UTC(2026, 0, 1);
let database: TestDatabase;
let db: RecordingDatabase;
let store: PostgresRunStore;

function runId(n: number): string {
  return `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

function newRun(n: number, workflow: string): RunRecord {
  const scheduledAt = T0 + 10 * RUNS * 1_000 + n * 1_000;
  return {
    id: runId(n),
    workflow,
    status: 'running',
    trigger: 'schedule',
    scheduledAt,
    idempotencyKey: `${workflow}@${new Date(scheduledAt).toISOString()}`,
    startedAt: scheduledAt,
    attempt: 1,
    epoch: 1,
    recoveries: [],
    steps: [],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = new RecordingDatabase({ url: database.url, schema: 'plans' });
  await migrateSchema(db);
  // 200,000 runs of 20 workflows, a step each: mostly succeeded and scheduled, 1 in 100 failed, 1 in 50 manual, and
  // the newest 100 running (a few with an expired lease).
  await db.query(
    'seed',
    `INSERT INTO plans.runs (id, workflow, status, trigger, scheduled_at, idempotency_key, started_at, finished_at, owner, epoch, lease_expires_at)
     SELECT ('0190a000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, 'wf-' || (i % ${WORKFLOWS}),
       CASE WHEN i > ${RUNS - 100} THEN 'running' WHEN i % 100 = 0 THEN 'failed' ELSE 'succeeded' END,
       CASE WHEN i % 50 = 0 THEN 'manual' ELSE 'schedule' END,
       ${T0} + i * 1000, 'wf-' || (i % ${WORKFLOWS}) || '@' || i, ${T0} + i * 1000,
       CASE WHEN i > ${RUNS - 100} THEN NULL ELSE ${T0} + i * 1000 + 5 END,
       CASE WHEN i > ${RUNS - 100} THEN 'engine-a' END, 1,
       CASE WHEN i > ${RUNS - 100} THEN ${T0} + i * 1000 + (CASE WHEN i % 10 = 0 THEN 0 ELSE 10 * ${RUNS} * 1000 END) END
     FROM generate_series(1, ${RUNS}) AS i`,
  );
  await db.query(
    'seed',
    `INSERT INTO plans.step_runs (run_id, kind, name, attempt, status, started_at, finished_at, output)
     SELECT id, 'step', 'only', 1, CASE WHEN status = 'running' THEN 'running' ELSE 'succeeded' END, started_at, finished_at, '1' FROM plans.runs`,
  );
  await db.query('seed', 'ANALYZE plans.runs');
  await db.query('seed', 'ANALYZE plans.step_runs');
  store = new PostgresRunStore(db, { maxRunsPerWorkflow: 1_000_000, maxAgeMs: 1_000 * 24 * 3_600_000, retentionBatch: 100 });
}, 120_000);

afterAll(async () => {
  await db.close();
  await database.drop();
});

describe('the runs indexes (migration 4)', () => {
  it('should be the seven that serve the queries, none of them on lease_expires_at, on a table with room for HOT updates', async () => {
    const indexes = await db.query<{ name: string; definition: string }>(
      'read',
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'plans' AND tablename = 'runs' ORDER BY indexname`,
    );

    expect(indexes.map((index) => index.name)).toStrictEqual([
      'runs_failed_newest',
      'runs_newest',
      'runs_pkey',
      'runs_running_newest',
      'runs_slot_key',
      'runs_workflow_finished',
      'runs_workflow_newest',
    ]);
    expect(indexes.filter((index) => /lease_expires_at|updated_at/.test(index.definition))).toStrictEqual([]);
    const [table] = await db.query<{ options: string[] }>('read', `SELECT reloptions AS options FROM pg_class WHERE oid = 'plans.runs'::regclass`);
    expect(table!.options).toStrictEqual(['fillfactor=85']);
  });

  it("should plan every query of the store on an index, but countRuns's count of the runs", async () => {
    db.sent.length = 0;
    const lease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };
    // Writes (on runs of their own, so that the seeded ones stay as they are), then every read.
    const fresh = newRun(RUNS + 1, 'wf-1');
    await store.createRun(fresh, lease);
    await store.recordStep(fresh.id, lease, { name: 'only', status: 'running', attempts: 1, startedAt: T0 });
    await store.renewLeases('engine-a', 30_000, [{ id: fresh.id, epoch: 1 }]);
    await store.finishRun(fresh.id, lease, {
      status: 'succeeded',
      finishedAt: T0 + 1,
      steps: [{ name: 'only', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '1' }],
    });
    // Ends made together: the first written alone, the next two in one statement (group commit), with a step each.
    const together = [RUNS + 3, RUNS + 4, RUNS + 5].map((n) => newRun(n, 'wf-1'));
    for (const run of together) await store.createRun(run, lease);
    await Promise.all(
      together.map((run) =>
        store.finishRun(run.id, lease, {
          status: 'succeeded',
          finishedAt: T0 + 1,
          steps: [{ name: 'only', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '1' }],
        }),
      ),
    );
    expect(db.sent.filter((sent) => sent.operation === 'finishRun' && sent.text.includes('jsonb_to_recordset($1::jsonb) AS w'))).toHaveLength(1);
    const taken = newRun(RUNS + 2, 'wf-2');
    await store.createRun(taken, { ...lease, ttlMs: 0 });
    await store.takeOver(taken.id, { kind: 'recovered', owner: 'engine-b', ttlMs: 30_000, from: ['running'], epoch: 1 });
    await store.expiredRuns(10);
    await store.getRun(runId(1234));
    await store.listRuns('wf-3', { limit: 20 });
    await store.lastRun('wf-3');
    await store.lastScheduledAt('wf-3');
    await store.queryRuns({ limit: 50 });
    await store.queryRuns({ workflow: 'wf-4', limit: 50 });
    await store.queryRuns({ status: ['failed', 'timed_out'], limit: 50 });
    await store.queryRuns({ status: ['running'], limit: 50 });
    await store.queryRuns({ trigger: 'manual', limit: 50 });
    await store.queryRuns({ from: T0 + 1_000_000, to: T0 + 2_000_000, limit: 50 });
    const page = await store.queryRuns({ limit: 50 });
    await store.queryRuns({ limit: 50, cursor: page.nextCursor! });
    await store.countRuns();
    await store.prune();

    const scans: Record<string, string[]> = {};
    for (const { operation, text, values } of [...db.sent]) {
      const [row] = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>('explain', `EXPLAIN (FORMAT JSON) ${text}`, values);
      const found = runsScans(row!['QUERY PLAN'][0].Plan);
      scans[operation] = [...new Set([...(scans[operation] ?? []), ...found])].sort();
    }

    expect(Object.keys(scans).sort()).toStrictEqual([
      'countRuns',
      'createRun',
      'expiredRuns',
      'finishRun',
      'getRun',
      'lastScheduledAt',
      'listRuns',
      'prune',
      'queryRuns',
      'recordStep',
      'renewLeases',
      'takeOver',
    ]);
    for (const [operation, found] of Object.entries(scans)) {
      const whole = found.filter((scan) => scan.startsWith('seq '));
      expect({ operation, whole }).toStrictEqual({ operation, whole: operation === 'countRuns' ? ['seq runs'] : [] });
    }
    expect(scans['expiredRuns']).toContain('runs_running_newest');
  }, 60_000);

  it('should renew a lease, alone or riding on a step write, with a HOT update (no index entry written)', async () => {
    // A schema of its own, which nothing else writes: the server's counters of its runs table count these writes only.
    const hotDb = new PostgresDatabase({ url: database.url, schema: 'hot' });
    await migrateSchema(hotDb);
    const store = new PostgresRunStore(hotDb);
    const lease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };
    const run = newRun(1, 'wf-5');
    await store.createRun(run, lease);
    const counts = async (): Promise<{ updates: number; hot: number }> => {
      const [row] = await db.query<{ updates: number; hot: number }>(
        'read',
        `SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE schemaname = 'hot' AND relname = 'runs'`,
      );
      return row!;
    };
    const before = await counts();

    for (let i = 0; i < 5; i++) await store.renewLeases('engine-a', 30_000, [{ id: run.id, epoch: 1 }]);
    for (let i = 1; i <= 5; i++) await store.recordStep(run.id, lease, { name: `step-${i}`, status: 'succeeded', attempts: 1, startedAt: T0 });

    // The server publishes its counters once a session goes idle.
    await until(async () => (await counts()).updates >= before.updates + 10, 'the 10 updates to be counted');
    const after = await counts();
    await hotDb.close();
    expect({ updates: after.updates - before.updates, hot: after.hot - before.hot }).toStrictEqual({ updates: 10, hot: 10 });
  }, 30_000);
});

describe('migration 4, from a schema at version 3', () => {
  it('should replace the indexes and keep the runs', async () => {
    const upgraded = new PostgresDatabase({ url: database.url, schema: 'upgraded' });
    try {
      expect((await migrateSchema(upgraded, { migrations: migrations.filter((migration) => migration.version <= 3) })).to).toBe(3);
      const old = new PostgresRunStore(upgraded);
      const lease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };
      const run = newRun(1, 'old');
      await old.createRun(run, lease);
      await old.recordStep(run.id, lease, { name: 'fetch', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '"x"' });

      expect(await migrateSchema(upgraded)).toMatchObject({ from: 3, to: 5, applied: [4, 5] });

      const store = new PostgresRunStore(upgraded);
      await store.finishRun(run.id, lease, { status: 'succeeded', finishedAt: T0 + 2 });
      expect(await store.getRun(run.id)).toMatchObject({ status: 'succeeded', steps: [{ name: 'fetch', output: '"x"' }] });
      const indexes = await upgraded.query<{ name: string }>(
        'read',
        `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'upgraded' AND tablename = 'runs' ORDER BY indexname`,
      );
      expect(indexes.map((index) => index.name)).toHaveLength(7);
    } finally {
      await upgraded.close();
    }
  });
});
