// Migration 5: the checked columns become domains (the same checks, without rewriting the tables); step_runs keeps
// its foreign key to runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@baton/core';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { migrations } from '../src/Internal/Migrations/migrations.js';
import { PostgresDatabase, PostgresRunStore } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

const T0 = Date.UTC(2026, 0, 1);
const lease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };
let database: TestDatabase;
let db: PostgresDatabase;

function newRun(n: number): RunRecord {
  return {
    id: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    workflow: 'wf',
    status: 'running',
    trigger: 'schedule',
    scheduledAt: T0 + n * 1_000,
    idempotencyKey: `wf@${n}`,
    startedAt: T0 + n * 1_000,
    attempt: 1,
    epoch: 1,
    recoveries: [],
    steps: [],
  };
}

/**
 * The storage of the schema's tables and of their indexes without a predicate: a rewrite or a rebuild gives a relation
 * a new file. (PostgreSQL rebuilds a partial index whose predicate reads a column that changes type, whatever the type.)
 */
async function files(): Promise<Record<string, number>> {
  const rows = await db.query<{ name: string; file: number }>(
    'read',
    `SELECT c.relname AS name, c.relfilenode::int AS file FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_index i ON i.indexrelid = c.oid
     WHERE n.nspname = 'm5' AND (c.relkind = 'r' OR (c.relkind = 'i' AND i.indpred IS NULL)) ORDER BY c.relname`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.file]));
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PostgresDatabase({ url: database.url, schema: 'm5' });
  await migrateSchema(db, { migrations: migrations.filter((migration) => migration.version <= 4) });
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

describe('migration 5, from a schema at version 4', () => {
  it('should keep the runs, their steps, the tables and their full indexes, and keep refusing values the checks refused', async () => {
    const old = new PostgresRunStore(db);
    const [kept, other] = [newRun(1), newRun(2)];
    for (const run of [kept, other]) {
      await old.createRun(run, lease);
      await old.recordStep(run.id, lease, { name: 'fetch', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '"x"' });
    }
    const before = await files();

    expect(await migrateSchema(db)).toMatchObject({ from: 4, to: 5, applied: [5] });

    expect(await files()).toStrictEqual(before);
    const store = new PostgresRunStore(db);
    await store.finishRun(kept.id, lease, {
      status: 'succeeded',
      finishedAt: T0 + 2,
      steps: [{ name: 'fetch', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '"x"' }],
    });
    expect(await store.getRun(kept.id)).toMatchObject({ status: 'succeeded', steps: [{ name: 'fetch', output: '"x"' }] });
    expect(await store.queryRuns({ status: ['succeeded'] })).toMatchObject({ runs: [{ id: kept.id }] });

    const bad = newRun(3);
    await expect(store.createRun({ ...bad, status: 'bogus' as never }, lease)).rejects.toMatchObject({ code: '23514' });
    await expect(store.createRun({ ...bad, trigger: 'bogus' as never }, lease)).rejects.toMatchObject({ code: '23514' });
    await expect(store.recordStep(other.id, lease, { name: 'store', status: 'bogus' as never, attempts: 1, startedAt: T0 })).rejects.toMatchObject({
      code: '23514',
    });
    await expect(
      db.query('write', `INSERT INTO m5.step_runs (run_id, kind, name, attempt, status, started_at) VALUES ($1, 'bogus', 'x', 1, 'running', 0)`, [kept.id]),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('should keep the foreign key of step_runs: a step of no run is refused, and a run deleted takes its steps', async () => {
    await expect(
      db.query('write', `INSERT INTO m5.step_runs (run_id, kind, name, attempt, status, started_at) VALUES ($1, 'step', 'x', 1, 'running', 0)`, [
        newRun(99).id,
      ]),
    ).rejects.toMatchObject({ code: '23503' });
    const store = new PostgresRunStore(db);
    const runs = [newRun(10), newRun(11)];
    for (const run of runs) {
      await store.createRun(run, lease);
      await store.recordStep(run.id, lease, { name: 'a', status: 'succeeded', attempts: 1, startedAt: T0, finishedAt: T0 + 1, output: '1' });
    }

    await db.query('write', `DELETE FROM m5.runs WHERE id = $1`, [runs[0]!.id]);

    const left = await db.query<{ run_id: string }>('read', `SELECT DISTINCT run_id::text FROM m5.step_runs WHERE run_id = ANY($1::uuid[])`, [
      runs.map((run) => run.id),
    ]);
    expect(left.map((row) => row.run_id)).toStrictEqual([runs[1]!.id]);
  });
});
