import { migrateSchema } from './Internal/Migrations/Migrator.js';
import type { MigrationResult } from './MigrationResult.js';
import { PostgresDatabase } from './PostgresDatabase.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** The connection string. Defaults to the `DATABASE_URL` environment variable. */
  readonly url?: string;
  /** The schema to migrate. Defaults to `'baton'`. */
  readonly schema?: string;
  /** How long to keep trying to reach the server, in ms. Defaults to 5000. */
  readonly connectTimeoutMs?: number;
  /** Writes nothing: the result carries the SQL that would run. Defaults to false. */
  readonly dryRun?: boolean;
}

/**
 * Brings a database's Baton schema to this version of `@baton/postgres`, as `baton migrate` does: under an advisory
 * lock, so that it is safe beside replicas starting. A schema newer than the code is refused with
 * BATON_ERR_POSTGRES_SCHEMA_TOO_NEW, naming both versions.
 * @returns What was applied (or, with `dryRun`, would be): the versions before and after, and the SQL.
 */
export async function migrate(options: MigrateOptions = {}): Promise<MigrationResult> {
  const database = new PostgresDatabase({
    url: options.url ?? process.env['DATABASE_URL'] ?? '',
    schema: options.schema ?? 'baton',
    poolSize: 1,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
  try {
    await database.connect();
    return await migrateSchema(database, { dryRun: options.dryRun ?? false });
  } finally {
    await database.close();
  }
}
