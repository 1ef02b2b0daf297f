import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { PostgresCoordinator, PostgresDatabase } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';
import { useTestClock, type TestDatabaseClock } from './testClock.js';

let database: TestDatabase;
let db: PostgresDatabase;
let clock: TestDatabaseClock;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new PostgresDatabase({ url: database.url, poolSize: 12 });
  await migrateSchema(db);
  clock = await useTestClock(db, Date.UTC(2026, 0, 1));
});

afterAll(async () => {
  await db.close();
  await database.drop();
});

describe(PostgresCoordinator, () => {
  it('should hold a lease until it expires on the database clock, renew it, and let another holder take it after expiry', async () => {
    const coordinator = new PostgresCoordinator(db);
    const start = await clock.now();
    const lease = await coordinator.acquireLease('workflow:wf', 'a', 300);
    expect(lease).toMatchObject({ key: 'workflow:wf', holder: 'a', fence: 1, expiresAt: start + 300 });
    expect(await coordinator.acquireLease('workflow:wf', 'b', 300)).toBeUndefined();
    await clock.advance(200);
    expect(await coordinator.renewLease(lease!, 300)).toBe(true);
    await clock.advance(200);
    expect(await coordinator.acquireLease('workflow:wf', 'b', 300)).toBeUndefined();
    await clock.advance(200);
    const taken = await coordinator.acquireLease('workflow:wf', 'b', 300);
    expect(taken?.fence).toBe(2);
    expect(await coordinator.renewLease(lease!, 300)).toBe(false);
    await coordinator.releaseLease(lease!);
    expect(await coordinator.acquireLease('workflow:wf', 'c', 300)).toBeUndefined();
    await coordinator.releaseLease(taken!);
    const again = await coordinator.acquireLease('workflow:wf', 'c', 300);
    expect(again?.fence).toBe(3);
  });

  it('should give a contested key to exactly one of many replicas, each with its own pool', async () => {
    const replicas = Array.from({ length: 8 }, () => new PostgresDatabase({ url: database.url, poolSize: 1 }));
    for (const replica of replicas) clock.attach(replica);
    try {
      const leases = await Promise.all(
        replicas.map((replica, index) => new PostgresCoordinator(replica).acquireLease('service:singleton', `r${index}`, 10_000)),
      );
      expect(leases.filter((lease) => lease !== undefined)).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});
