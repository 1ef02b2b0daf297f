import type { Duration } from '@baton/core';

/** Options of {@link addPostgres}. Every one is optional; unknown keys are refused at registration. */
export interface PostgresOptions {
  /**
   * The connection string, `postgres://user:password@host:port/database`. Defaults to the `DATABASE_URL` environment
   * variable, read when `addPostgres` is called.
   */
  readonly url?: string;
  /** The schema Baton's tables live in (created by the migrations). Defaults to `'baton'`. */
  readonly schema?: string;
  /** Connections in the pool. Defaults to 10. */
  readonly poolSize?: number;
  /** How long the host's start keeps trying to reach the server before it fails. Defaults to `'5s'`. */
  readonly connectTimeout?: Duration;
  /** How long one store call keeps retrying while the connection is lost before it fails. Defaults to `'10s'`. */
  readonly retryTimeout?: Duration;
  /**
   * How long one store call waits for a free connection while every connection of the pool is busy (a burst) before
   * it fails. Defaults to `'1m'`.
   */
  readonly queueTimeout?: Duration;
  /**
   * Whether the host's start applies missing migrations (under an advisory lock). With `false`, run `baton migrate`
   * before deploying: a schema older than the code is then refused at start. Defaults to true.
   */
  readonly migrate?: boolean;
  /** Runs kept per workflow unless the workflow sets `history`. Defaults to no limit by count. */
  readonly maxRunsPerWorkflow?: number;
  /** Finished runs older than this are deleted, in bounded batches, every `retentionInterval`. Defaults to no limit by age. */
  readonly maxAge?: Duration;
  /** How often retention runs. Defaults to `'1m'`. */
  readonly retentionInterval?: Duration;
  /** `application_name` of the connections, as `pg_stat_activity` shows it. Defaults to `'baton'`. */
  readonly applicationName?: string;
}
