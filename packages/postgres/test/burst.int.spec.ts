// A burst larger than the pool can serve within its connect timeout (pool of 2, connect timeout 1 s, every connection
// held busy for longer than that while the runs are triggered): calls wait for a connection instead of failing, so
// every run is recorded and finishes, none is lost, and nothing rejects unhandled. Lease renewals meanwhile have a
// connection of their own, so that the busy pool cannot expire a healthy lease.
import { addWorkflow, defineWorkflow, NullLogger, RunStore, Workflows } from '@baton/core';
import { createHost } from '@baton/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { addPostgres, PostgresCoordinator, PostgresDatabase, PostgresDatabaseToken, PostgresErrorCode, PostgresRunStore } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

let database: TestDatabase;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  database = await createTestDatabase();
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await database.drop();
});

/** Keeps every connection of `db`'s pool busy on the server for `seconds`. */
function holdPool(db: PostgresDatabase, connections: number, seconds: number): Promise<unknown> {
  return Promise.all(Array.from({ length: connections }, () => db.query('hold', 'SELECT pg_sleep($1)', [seconds])));
}

describe('when more calls are due than the pool can serve within its connect timeout', () => {
  it('should wait for a free connection and count the wait, not fail the call', async () => {
    const db = new PostgresDatabase({ url: database.url, poolSize: 1, connectTimeoutMs: 1_000 });
    try {
      const held = holdPool(db, 1, 2.5);
      const rows = await db.query<{ one: number }>('queued', 'SELECT 1 AS one');
      await held;
      expect(rows).toStrictEqual([{ one: 1 }]);
      expect(db.stats().poolWaits).toBeGreaterThanOrEqual(1);
      expect(db.stats().byOperation).toStrictEqual({ hold: 1, queued: 1 });
      expect(db.state.reachable).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('should reject with BATON_ERR_POSTGRES_UNAVAILABLE once the wait outlasts queueTimeoutMs', async () => {
    const db = new PostgresDatabase({ url: database.url, poolSize: 1, connectTimeoutMs: 1_000, queueTimeoutMs: 500 });
    try {
      const held = holdPool(db, 1, 2);
      await expect(db.query('queued', 'SELECT 1')).rejects.toMatchObject({
        code: PostgresErrorCode.PostgresUnavailable,
        message: expect.stringContaining('stayed busy'),
      });
      await held;
    } finally {
      await db.close();
    }
  });

  it('should record and finish every run of a burst, none lost, with no unhandled rejection', async () => {
    const job = defineWorkflow('burst')
      .step('first', ({ input }) => Number(input) * 2)
      .step('second', ({ input }) => Number(input) + 1);
    const host = createHost({ logger: NullLogger });
    addPostgres(host, { url: database.url, schema: 'burst', poolSize: 2, connectTimeout: '1s' });
    addWorkflow(host, job);
    await host.start();
    try {
      const db = host.provider.get(PostgresDatabaseToken);
      const workflows = host.provider.get(Workflows);
      const held = holdPool(db, 2, 2.5);
      const runs = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => workflows.trigger('burst', i)));
      await held;

      const failed = runs.filter((run) => run.status === 'rejected');
      expect(failed).toStrictEqual([]);
      const statuses = runs.map((run) => (run.status === 'fulfilled' ? run.value.status : 'rejected'));
      expect(statuses).toStrictEqual(Array.from({ length: 200 }, () => 'succeeded'));
      const [row] = await db.query<{ total: number; succeeded: number }>(
        'count',
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded FROM ${db.table('runs')} WHERE workflow = 'burst'`,
      );
      expect(row).toStrictEqual({ total: 200, succeeded: 200 });
      expect((host.provider.get(RunStore) as PostgresRunStore).stats().poolWaits).toBeGreaterThanOrEqual(1);
      expect(unhandled).toStrictEqual([]);
    } finally {
      await host.stop();
    }
  });
});

describe('when every connection of the pool is busy for longer than a lease lives', () => {
  it('should renew the leases of runs and singletons on a connection of their own, so that none expires', async () => {
    const db = new PostgresDatabase({ url: database.url, schema: 'heartbeats', poolSize: 1, connectTimeoutMs: 1_000 });
    try {
      await migrateSchema(db);
      const store = new PostgresRunStore(db);
      const coordinator = new PostgresCoordinator(db);
      const ttlMs = 1_500;
      const id = '0190a000-0000-7000-8000-000000000001';
      const now = Date.now();
      await store.createRun(
        {
          id,
          workflow: 'busy',
          status: 'running',
          trigger: 'manual',
          scheduledAt: now,
          idempotencyKey: `busy@manual:${id}`,
          startedAt: now,
          attempt: 1,
          epoch: 1,
          recoveries: [],
          steps: [],
        },
        { owner: 'engine-a', epoch: 1, ttlMs },
      );
      const lease = (await coordinator.acquireLease('singleton', 'engine-a', ttlMs))!;

      // The pool's only connection is busy for twice the TTL; the heartbeats go on at their own pace meanwhile.
      const heartbeatEveryMs = 300;
      let holding = true;
      const held = holdPool(db, 1, 3).finally(() => (holding = false));
      const renewals: { lost: string[]; renewed: boolean; during: boolean }[] = [];
      while (holding) {
        const [lost, renewed] = await Promise.all([store.renewLeases('engine-a', ttlMs, [{ id, epoch: 1 }]), coordinator.renewLease(lease, ttlMs)]);
        renewals.push({ lost, renewed, during: holding });
        await new Promise((resolve) => setTimeout(resolve, heartbeatEveryMs));
      }
      await held;

      // Renewals that waited for the pool would have answered once the hold ended (one, late, with the leases gone).
      expect(renewals.filter((renewal) => renewal.during).length).toBeGreaterThanOrEqual(5);
      expect(renewals.map(({ lost, renewed }) => ({ lost, renewed }))).toStrictEqual(renewals.map(() => ({ lost: [], renewed: true })));
      expect(await store.expiredRuns(10)).toStrictEqual([]);
      expect(await coordinator.acquireLease('singleton', 'engine-b', ttlMs)).toBeUndefined();
    } finally {
      await db.close();
    }
  }, 20_000);
});
