import type { HostedService, Logger } from '@baton/core';
import type { PostgresDatabase } from '../PostgresDatabase.js';
import type { PostgresRunStore } from '../PostgresRunStore.js';
import { migrateSchema } from './Migrations/Migrator.js';

/**
 * The pool's lifecycle in the host: connects and migrates in the `starting` hook (before any service starts, so the
 * order of `addPostgres` among the registrations does not matter), runs retention on a timer while the host runs, and
 * closes the pool in the `stopped` hook (after every service stopped, so the engine's last writes still land).
 */
export class PostgresHostedService implements HostedService {
  readonly #db: PostgresDatabase;
  readonly #store: PostgresRunStore;
  readonly #logger: Logger;
  readonly #migrate: boolean;
  readonly #retentionIntervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #pruning: Promise<void> | undefined;

  constructor(db: PostgresDatabase, store: PostgresRunStore, logger: Logger, options: { migrate: boolean; retentionIntervalMs: number }) {
    this.#db = db;
    this.#store = store;
    this.#logger = logger;
    this.#migrate = options.migrate;
    this.#retentionIntervalMs = options.retentionIntervalMs;
  }

  async starting(): Promise<void> {
    await this.#db.connect();
    const result = await migrateSchema(this.#db, { check: !this.#migrate });
    const { skewMs } = await this.#db.clockSkew();
    const { host, port, database } = this.#db.target;
    this.#logger.info(`PostgreSQL at ${host}:${port}/${database}, schema '${this.#db.schema}' at version ${result.to}`, {
      migratedFrom: result.applied.length > 0 ? result.from : undefined,
      clockSkewMs: skewMs,
    });
  }

  async start(): Promise<void> {
    this.#timer = setInterval(() => {
      this.#pruning ??= this.#store
        .prune()
        .then(
          () => undefined,
          (error: unknown) => this.#logger.warn('Retention of old runs failed; it runs again at the next interval', { error: (error as Error).message }),
        )
        .finally(() => (this.#pruning = undefined));
    }, this.#retentionIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#pruning;
  }

  async stopped(): Promise<void> {
    await this.#db.close();
  }
}
