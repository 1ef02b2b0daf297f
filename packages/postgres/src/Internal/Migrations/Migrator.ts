import { BatonError } from '@baton/core';
import type { PostgresDatabase } from '../../PostgresDatabase.js';
import { PostgresErrorCode } from '../../PostgresErrorCode.js';
import type { MigrationResult } from '../../MigrationResult.js';
import type { Migration } from './Migration.js';
import { migrations as allMigrations } from './migrations.js';

// One key for every Baton schema of a database: migrations of two schemas wait for each other, which is harmless.
const LOCK_KEY = 7_261_002_011;

/**
 * Brings the schema to the code's version under a transaction-scoped advisory lock, so that replicas starting
 * together migrate once: the first takes the lock and applies what is missing; the others wait, then find nothing to
 * do. A schema newer than the code is refused with BATON_ERR_POSTGRES_SCHEMA_TOO_NEW, naming both versions. With
 * `dryRun`, nothing is written: the result carries the SQL that would run. With `check`, nothing is written either, and
 * a schema older than the code is refused with BATON_ERR_POSTGRES_SCHEMA_OUTDATED.
 */
export async function migrateSchema(
  database: PostgresDatabase,
  options: { dryRun?: boolean; check?: boolean; migrations?: readonly Migration[] } = {},
): Promise<MigrationResult> {
  const { dryRun = false, check = false, migrations = allMigrations } = options;
  const latest = migrations.at(-1)?.version ?? 0;
  const schema = `"${database.schema}"`;
  const versions = database.table('schema_migrations');
  const plan = (from: number): MigrationResult => {
    if (from > latest) {
      throw new BatonError(
        PostgresErrorCode.PostgresSchemaTooNew,
        `The schema '${database.schema}' at ${database.target.host}:${database.target.port} is at version ${from}, newer than this @baton/postgres (version ${latest}); upgrade @baton/postgres on this replica, or point it at another schema.`,
      );
    }
    const pending = migrations.filter((migration) => migration.version > from);
    return {
      from,
      to: Math.max(from, latest),
      applied: pending.map((migration) => migration.version),
      sql: pending.map((migration) => `-- ${migration.version}: ${migration.name}\n${migration.sql.replaceAll('{{schema}}', schema).trim()}\n`).join('\n'),
    };
  };

  const currentVersion = async (query: <Row>(text: string, values?: readonly (string | number)[]) => Promise<Row[]>): Promise<number> => {
    const [exists] = await query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`${schema}."schema_migrations"`]);
    if (!exists!.exists) return 0;
    const [row] = await query<{ version: number | null }>(`SELECT max(version) AS version FROM ${versions}`);
    return row!.version ?? 0;
  };

  if (dryRun || check) {
    const result = plan(await currentVersion((text, values) => database.query('migrate', text, values)));
    if (check && result.applied.length > 0) {
      throw new BatonError(
        PostgresErrorCode.PostgresSchemaOutdated,
        `The schema '${database.schema}' at ${database.target.host}:${database.target.port} is at version ${result.from}, older than this @baton/postgres (version ${latest}), and migrate is false; run \`baton migrate\` first.`,
      );
    }
    return result;
  }
  try {
    return await database.transaction('migrate', async (query) => {
      await query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const result = plan(await currentVersion(query));
      if (result.applied.length === 0) return result;
      await query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await query(`CREATE TABLE IF NOT EXISTS ${versions} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const migration of migrations.filter((m) => m.version > result.from)) {
        await query(migration.sql.replaceAll('{{schema}}', schema));
        await query(`INSERT INTO ${versions} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      }
      return result;
    });
  } catch (error) {
    if (error instanceof BatonError) throw error;
    throw new BatonError(
      PostgresErrorCode.PostgresMigrationFailed,
      `Migrating the schema '${database.schema}' at ${database.target.host}:${database.target.port} failed, and nothing of it was applied: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
