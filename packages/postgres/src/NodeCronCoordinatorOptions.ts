import type { Duration, Logger } from '@baton/core';
import type { PostgresDatabase } from './PostgresDatabase.js';

/** Options of {@link createNodeCronCoordinator}. Every one is optional; unknown keys are refused. */
export interface NodeCronCoordinatorOptions {
  /**
   * The pool to claim on, e.g. the host's (`host.provider.get(PostgresDatabaseToken)`). The coordinator does not
   * close it. Without it, the coordinator opens a small pool of its own on `url`, which {@link PostgresNodeCronCoordinator.close} closes.
   */
  readonly database?: PostgresDatabase;
  /** Without `database`: the connection string. Defaults to the `DATABASE_URL` environment variable. */
  readonly url?: string;
  /** Without `database`: the schema Baton's tables live in. Defaults to `'baton'`. */
  readonly schema?: string;
  /**
   * How long a claim (or the completion record) may wait for the database. Past it the slot is skipped here (fail
   * closed): no replica runs it twice, but a slot claimed by nobody is lost. Defaults to `'2s'`.
   */
  readonly claimTimeout?: Duration;
  /** Claims of a task older than this (by fire time) are deleted, in bounded batches, as new slots are claimed. Defaults to `'1d'`. */
  readonly retention?: Duration;
  /** Who claims, as recorded in the claim's row. Defaults to `<hostname>:<pid>`. */
  readonly holder?: string;
  /** Logs a claim that failed (and the pool's outages, for a pool of its own). Defaults to no logging. */
  readonly logger?: Logger;
}
