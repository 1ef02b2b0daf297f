import { BatonError, NullLogger, parseDuration, type Duration } from '@baton/core';
import { hostname } from 'node:os';
import type { NodeCronCoordinatorOptions } from './NodeCronCoordinatorOptions.js';
import { PostgresDatabase } from './PostgresDatabase.js';
import { PostgresErrorCode } from './PostgresErrorCode.js';
import { PostgresNodeCronCoordinator } from './PostgresNodeCronCoordinator.js';

const KEYS: readonly string[] = ['database', 'url', 'schema', 'claimTimeout', 'retention', 'holder', 'logger'];

/**
 * A node-cron 4 `RunCoordinator` on PostgreSQL, for `distributed` tasks: each fire of a task runs on one replica
 * only, on the same tables as the rest of `@baton/postgres` (a row per slot in `leases`).
 *
 * @param source - The pool to claim on (e.g. `host.provider.get(PostgresDatabaseToken)`), or options; with neither
 * `database` nor `url`, a pool of its own on `DATABASE_URL`.
 * @throws BATON_ERR_POSTGRES_INVALID_OPTIONS for an unknown option or a wrong value; BATON_ERR_POSTGRES_INVALID_URL
 * for a missing or malformed URL (without `database`).
 * @example
 * ```ts
 * const coordinator = createNodeCronCoordinator({ url: process.env.DATABASE_URL });
 * cron.schedule('0 * * * * *', sendReport, { name: 'report', distributed: true, runCoordinator: coordinator });
 * ```
 */
export function createNodeCronCoordinator(source: PostgresDatabase | NodeCronCoordinatorOptions = {}): PostgresNodeCronCoordinator {
  const options: NodeCronCoordinatorOptions = source instanceof PostgresDatabase ? { database: source } : source;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalid(`options must be an object; got ${String(options)}.`);
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) throw invalid(`unknown option '${key}'; expected one of ${KEYS.join(', ')}.`);
  }
  const { database, url, schema, holder = `${hostname()}:${process.pid}`, logger = NullLogger } = options;
  if (database !== undefined && !(database instanceof PostgresDatabase)) throw invalid('database must be a PostgresDatabase.');
  if (database !== undefined && (url !== undefined || schema !== undefined)) throw invalid('give either database or url and schema, not both.');
  if (typeof holder !== 'string' || holder === '') throw invalid(`holder must be a non-empty string; got ${JSON.stringify(holder)}.`);
  const settings = {
    claimTimeoutMs: duration(options.claimTimeout, 'claimTimeout', 2_000),
    retentionMs: duration(options.retention, 'retention', 86_400_000),
    holder,
    logger,
    ownsDatabase: database === undefined,
  };
  const db =
    database ??
    new PostgresDatabase({
      url: url ?? process.env['DATABASE_URL'] ?? '',
      ...(schema === undefined ? {} : { schema }),
      poolSize: 2,
      retryTimeoutMs: settings.claimTimeoutMs,
      logger: logger.child({ component: 'postgres' }),
      applicationName: 'baton-node-cron',
    });
  return new PostgresNodeCronCoordinator(db, settings);
}

function invalid(message: string): BatonError {
  return new BatonError(PostgresErrorCode.PostgresInvalidOptions, `createNodeCronCoordinator: ${message}`);
}

function duration(value: Duration | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  let ms: number;
  try {
    ms = parseDuration(value, what);
  } catch (error) {
    throw invalid(`${what} ${(error as Error).message}`);
  }
  if (ms <= 0) throw invalid(`${what} must be greater than zero; got ${JSON.stringify(value)}.`);
  return ms;
}
