import { defineErrorCodes } from '@baton/core';

/**
 * Stable error codes of `@baton/postgres`. A released code is never renamed or reused. Each one is documented in the
 * `@baton/postgres` section of docs/reference/errors.md.
 */
export const PostgresErrorCode = defineErrorCodes('@baton/postgres', {
  /** An option of `addPostgres`, `PostgresRunStore` or `migrate` is unknown or has a wrong value. */
  PostgresInvalidOptions: 'BATON_ERR_POSTGRES_INVALID_OPTIONS',
  /** The connection string is not a `postgres://` URL. */
  PostgresInvalidUrl: 'BATON_ERR_POSTGRES_INVALID_URL',
  /** No server answered at the URL's host and port. */
  PostgresUnreachable: 'BATON_ERR_POSTGRES_UNREACHABLE',
  /** The server answered but refused the connection (authentication, unknown database). */
  PostgresConnectFailed: 'BATON_ERR_POSTGRES_CONNECT_FAILED',
  /** The database holds a Baton schema newer than this version of the code. */
  PostgresSchemaTooNew: 'BATON_ERR_POSTGRES_SCHEMA_TOO_NEW',
  /** The database holds a Baton schema older than the code, and `migrate: false` forbids migrating it at start. */
  PostgresSchemaOutdated: 'BATON_ERR_POSTGRES_SCHEMA_OUTDATED',
  /** A migration failed; nothing of it was applied. */
  PostgresMigrationFailed: 'BATON_ERR_POSTGRES_MIGRATION_FAILED',
  /** The connection to the server was lost and did not come back within the retries of one call. */
  PostgresUnavailable: 'BATON_ERR_POSTGRES_UNAVAILABLE',
  /** A node-cron coordinator was asked about a key that is not node-cron's `<task name>:<ISO fire time>`. */
  PostgresInvalidCronKey: 'BATON_ERR_POSTGRES_INVALID_CRON_KEY',
} as const);
