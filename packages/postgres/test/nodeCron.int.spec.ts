import { BatonError } from '@baton/core';
import { createServer, type Server, type Socket } from 'node:net';
import cron, { type TaskContext } from 'node-cron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase, PostgresErrorCode, createNodeCronCoordinator, type PostgresNodeCronCoordinator } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';
import { until } from './until.js';

let database: TestDatabase;
let admin: PostgresDatabase;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (at: number): string => new Date(at).toISOString();

beforeAll(async () => {
  database = await createTestDatabase();
  admin = new PostgresDatabase({ url: database.url, poolSize: 1 });
});

afterAll(async () => {
  await admin.close();
  await database.drop();
});

/** Two "replicas": a coordinator each, each on a pool of its own. */
function replicas(): [PostgresNodeCronCoordinator, PostgresNodeCronCoordinator] {
  return [createNodeCronCoordinator({ url: database.url, holder: 'replica-a' }), createNodeCronCoordinator({ url: database.url, holder: 'replica-b' })];
}

async function claimRow(key: string): Promise<{ holder: string | null; fence: number; expires_at: number; acquired_at: number } | undefined> {
  const [row] = await admin.query<{ holder: string | null; fence: number; expires_at: number; acquired_at: number }>(
    'read',
    `SELECT holder, fence, expires_at, acquired_at FROM baton.leases WHERE key = $1`,
    [`node-cron:${key}`],
  );
  return row;
}

describe(createNodeCronCoordinator, () => {
  describe('when two replicas race for the same slots', () => {
    it('should elect exactly one replica per slot, keyed by task name and fire time', async () => {
      const [a, b] = replicas();
      try {
        const slots = Array.from({ length: 30 }, (_, index) => `race:${iso(T0 + index * 1_000)}`);
        const results = await Promise.all(slots.map(async (key) => Promise.all([a.shouldRun(key, 30_000), b.shouldRun(key, 30_000)])));
        for (const [ranA, ranB] of results) expect(ranA !== ranB, 'exactly one of the two replicas runs the slot').toBe(true);
        // The same fire time of another task is a slot of its own.
        expect(await a.shouldRun(`other:${iso(T0)}`, 30_000)).toBe(true);
        // A slot already claimed stays claimed, also for the replica that claimed it.
        expect(await a.shouldRun(slots[0]!, 30_000)).toBe(false);
        expect(await b.shouldRun(slots[0]!, 30_000)).toBe(false);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('should record the claim with its lease on the database clock, and the completion by the holder only', async () => {
      const [a, b] = replicas();
      try {
        const key = `report:${iso(T0)}`;
        expect(await a.shouldRun(key, 30_000)).toBe(true);
        const claimed = await claimRow(key);
        expect(claimed).toMatchObject({ holder: 'replica-a', fence: 1 });
        expect(claimed!.expires_at - claimed!.acquired_at).toBe(30_000);

        await b.onComplete(key);
        expect((await claimRow(key))?.holder).toBe('replica-a');
        await a.onComplete(key);
        const completed = await claimRow(key);
        expect(completed?.holder).toBeNull();
        expect(completed!.expires_at).toBeGreaterThanOrEqual(claimed!.acquired_at);
        // A completed slot is never run again.
        expect(await b.shouldRun(key, 30_000)).toBe(false);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("should delete a task's claims older than the retention as new slots are claimed, and no other task's", async () => {
      const coordinator = createNodeCronCoordinator({ url: database.url, retention: '1h' });
      try {
        await coordinator.shouldRun(`prune:${iso(T0)}`, 1_000);
        await coordinator.shouldRun(`prune:x:${iso(T0)}`, 1_000);
        await coordinator.shouldRun(`prune:${iso(T0 + 1_000)}`, 1_000);
        expect(await coordinator.shouldRun(`prune:${iso(T0 + 3_600_500)}`, 1_000)).toBe(true);
        expect(await claimRow(`prune:${iso(T0)}`)).toBeUndefined();
        expect(await claimRow(`prune:${iso(T0 + 1_000)}`)).toBeDefined();
        expect(await claimRow(`prune:x:${iso(T0)}`)).toBeDefined();
      } finally {
        await coordinator.close();
      }
    });
  });

  describe('when real node-cron tasks run on two replicas', () => {
    it('should run each fire once across both, and report the other replica as not elected', async () => {
      const [a, b] = replicas();
      const runs: { replica: string; slot: string }[] = [];
      const skipped: { replica: string; slot: string; reason: string | undefined }[] = [];
      const silent = { info() {}, warn() {}, error() {}, debug() {} };
      const tasks = (['a', 'b'] as const).map((replica) => {
        const task = cron.schedule('* * * * * *', (context: TaskContext) => void runs.push({ replica, slot: context.date.toISOString() }), {
          name: 'every-second',
          distributed: true,
          runCoordinator: replica === 'a' ? a : b,
          distributedLease: 5_000,
          logger: silent,
        });
        task.on('execution:skipped', (context) => void skipped.push({ replica, slot: context.date.toISOString(), reason: context.reason }));
        return task;
      });
      try {
        await until(
          () => new Set(skipped.map((skip) => skip.slot)).size >= 3 && runs.length >= 3,
          'three fires run on one replica and skipped on the other',
          10_000,
        );
      } finally {
        await Promise.all(tasks.map((task) => task.destroy()));
      }
      // A fire of the newest slot may have run on one replica while the other's claim of it was still in flight when
      // its task was destroyed: that replica never reports it. Every earlier fire is reported on both.
      const newest = [...runs, ...skipped]
        .map((fire) => fire.slot)
        .sort()
        .at(-1);
      const settled = runs.filter((run) => run.slot !== newest);
      await until(() => settled.every((run) => skipped.some((skip) => skip.slot === run.slot)), 'every fire run to be skipped on the other replica', 5_000);
      try {
        const slots = runs.map((run) => run.slot);
        expect(new Set(slots).size, `each slot runs once: ${JSON.stringify(runs)}`).toBe(slots.length);
        for (const run of settled) expect(skipped.find((skip) => skip.slot === run.slot)).toMatchObject({ reason: 'not-elected' });
        for (const run of runs.slice(0, 3)) expect(skipped.find((skip) => skip.slot === run.slot)?.replica).not.toBe(run.replica);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  describe('when the database fails', () => {
    it('should fail closed (false) when nothing listens, and claim again once the server answers', async () => {
      const closed = await freePort();
      const coordinator = createNodeCronCoordinator({ url: `postgres://postgres:secret@127.0.0.1:${closed}/postgres`, claimTimeout: '1s' });
      try {
        expect(await coordinator.shouldRun(`down:${iso(T0)}`, 30_000)).toBe(false);
        await expect(coordinator.onComplete(`down:${iso(T0)}`)).resolves.toBeUndefined();
      } finally {
        await coordinator.close();
      }
      const shared = new PostgresDatabase({ url: database.url, poolSize: 1 });
      const again = createNodeCronCoordinator(shared);
      try {
        expect(await again.shouldRun(`down:${iso(T0)}`, 30_000)).toBe(true);
      } finally {
        await again.close(); // leaves a shared pool open
        expect((await shared.query<{ one: number }>('check', 'SELECT 1 AS one'))[0]?.one).toBe(1);
        await shared.close();
      }
    });

    it('should fail closed within claimTimeout when the server accepts the connection but never answers', async () => {
      const sockets = new Set<Socket>();
      const hung: Server = createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
      const port = (hung.address() as { port: number }).port;
      const coordinator = createNodeCronCoordinator({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, claimTimeout: '300ms' });
      try {
        const began = Date.now();
        expect(await coordinator.shouldRun(`hung:${iso(T0)}`, 30_000)).toBe(false);
        expect(Date.now() - began).toBeLessThan(2_000);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => hung.close(() => resolve()));
        await coordinator.close();
      }
    });
  });

  describe('when it gets bad input', () => {
    it("should reject a key that is not node-cron's with BATON_ERR_POSTGRES_INVALID_CRON_KEY", async () => {
      const coordinator = createNodeCronCoordinator({ url: database.url });
      try {
        for (const key of ['no-fire-time', `:${iso(T0)}`, 'task:2026-13-45T99:00:00.000Z']) {
          await expect(coordinator.shouldRun(key, 1_000)).rejects.toMatchObject({ code: PostgresErrorCode.PostgresInvalidCronKey });
        }
      } finally {
        await coordinator.close();
      }
    });

    it.each([
      ['an unknown option', () => ({ url: database.url, ttl: 5 })],
      ['a zero claimTimeout', () => ({ url: database.url, claimTimeout: 0 })],
      ['a malformed retention', () => ({ url: database.url, retention: 'soon' })],
      ['an empty holder', () => ({ url: database.url, holder: '' })],
      ['database and url together', () => ({ database: admin, url: database.url })],
    ])('should throw BATON_ERR_POSTGRES_INVALID_OPTIONS for %s', (_label, options) => {
      let error: unknown;
      try {
        createNodeCronCoordinator(options() as never);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(BatonError);
      expect((error as BatonError).code).toBe(PostgresErrorCode.PostgresInvalidOptions);
    });
  });
});

/** A loopback port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
