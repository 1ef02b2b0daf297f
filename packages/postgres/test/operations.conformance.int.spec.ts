// The operations contracts' conformance suites of @baton/testing on PostgreSQL: PostgresAuditLog,
// PostgresScheduleStore, PostgresInstanceRegistry and PostgresControlChannel (LISTEN/NOTIFY), each case on a schema
// of its own, migrated.
import { auditLogConformance, controlChannelConformance, instanceRegistryConformance, scheduleStoreConformance } from '@baton/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { PostgresAuditLog, PostgresControlChannel, PostgresDatabase, PostgresInstanceRegistry, PostgresScheduleStore } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

let database: TestDatabase;
let schemas = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

/** A fresh, migrated schema for one case, closed after it. */
function onSchema<T>(make: (db: PostgresDatabase) => T): () => Promise<{ value: T; dispose: () => Promise<void> }> {
  return async () => {
    const db = new PostgresDatabase({ url: database.url, schema: `ops_${++schemas}`, poolSize: 2 });
    await migrateSchema(db);
    return { value: make(db), dispose: () => db.close() };
  };
}

const channels = new WeakMap<PostgresControlChannel, PostgresDatabase>();

describe('the operations contracts on PostgreSQL', () => {
  for (const { name, run } of [
    ...auditLogConformance(onSchema((db) => new PostgresAuditLog(db))),
    ...scheduleStoreConformance(
      onSchema((db) => new PostgresScheduleStore(db)),
      { recordSlot: false },
    ),
    ...instanceRegistryConformance(onSchema((db) => new PostgresInstanceRegistry(db))),
    ...controlChannelConformance(
      onSchema((db) => {
        const channel = new PostgresControlChannel(db);
        channels.set(channel, db);
        return channel;
      }),
      {
        // Cancel requests live on the run's row: make a running one.
        running: async (channel, runId) => {
          const db = channels.get(channel as PostgresControlChannel)!;
          await db.query(
            'seedRun',
            `INSERT INTO ${db.table('runs')} (id, workflow, status, trigger, scheduled_at, idempotency_key, started_at) VALUES ($1::uuid, 'w', 'running', 'manual', 0, $1::text, 0)`,
            [runId],
          );
        },
      },
    ),
  ]) {
    it(name, run);
  }
});
