// Clocks for specs on PostgreSQL, through the internal test seam (src/Internal/testClock.ts): the database's "now" is
// read from a one-row table of the schema, so a spec moves time itself instead of waiting for it.
import { setTestClockSql } from '../src/Internal/testClock.js';
import type { PostgresDatabase } from '../src/index.js';

/** A test clock: `advance(ms)` moves the databases' now by exactly `ms`; `now()` reads it. */
export interface TestDatabaseClock {
  advance(ms: number): Promise<void>;
  now(): Promise<number>;
  /** Makes another database object (another host on the same schema) read the same clock. */
  attach(database: PostgresDatabase): void;
}

/**
 * Makes `database` (already migrated) read now from a table `test_clock` of its schema. `frozenAt` makes time stand
 * still at that instant unless advanced; without it, now is the real now() plus whatever was advanced.
 */
export async function useTestClock(database: PostgresDatabase, frozenAt?: number): Promise<TestDatabaseClock> {
  const table = database.table('test_clock');
  await database.query('testClock', `CREATE TABLE IF NOT EXISTS ${table} (frozen_at bigint, offset_ms bigint NOT NULL DEFAULT 0)`);
  await database.query('testClock', `DELETE FROM ${table}`);
  await database.query('testClock', `INSERT INTO ${table} (frozen_at) VALUES ($1)`, [frozenAt ?? null]);
  const sql = `(SELECT coalesce(frozen_at, (floor(extract(epoch from now()) * 1000))::bigint) + offset_ms FROM ${table})`;
  setTestClockSql(database, sql);
  return {
    async advance(ms) {
      await database.query('testClock', `UPDATE ${table} SET offset_ms = offset_ms + $1::bigint`, [ms]);
    },
    async now() {
      const [row] = await database.query<{ now: number }>('testClock', `SELECT ${sql} AS now`);
      return row!.now;
    },
    attach(other) {
      setTestClockSql(other, sql);
    },
  };
}
