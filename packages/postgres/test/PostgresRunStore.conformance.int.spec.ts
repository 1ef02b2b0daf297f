// The RunStore conformance suite of @baton/testing, on PostgreSQL: each case gets a schema of its own, migrated, and
// a clock that stands still unless the case moves it (the test seam of Internal/testClock.ts: "now" is read from a
// table of the case's schema instead of now()).
import { describeRunStoreConformance } from '@baton/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { setTestClockSql } from '../src/Internal/testClock.js';
import { PostgresDatabase, PostgresRunStore } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

let database: TestDatabase;
let schemas = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describeRunStoreConformance(
  'PostgresRunStore',
  async ({ clock }) => {
    const db = new PostgresDatabase({ url: database.url, schema: `case_${++schemas}`, poolSize: 4 });
    await migrateSchema(db);
    const clockTable = db.table('test_clock');
    await db.query('testClock', `CREATE TABLE ${clockTable} (at bigint NOT NULL)`);
    await db.query('testClock', `INSERT INTO ${clockTable} (at) VALUES ($1)`, [clock.now()]);
    setTestClockSql(db, `(SELECT at FROM ${clockTable})`);
    return {
      store: new PostgresRunStore(db),
      async advance(ms) {
        await db.query('testClock', `UPDATE ${clockTable} SET at = at + $1::bigint`, [ms]);
        await clock.advance(ms);
      },
      now: () => clock.now(),
      dispose: () => db.close(),
    };
  },
  { describe, it },
);
