import { BatonError, toError, type Logger } from '@baton/core';
import type { RunCoordinator } from 'node-cron';
import { migrateSchema } from './Internal/Migrations/Migrator.js';
import type { PostgresDatabase } from './PostgresDatabase.js';
import { PostgresErrorCode } from './PostgresErrorCode.js';

// The one file of @baton/postgres that imports node-cron (its types only: node-cron is an optional peer dependency).

/** The slot part of node-cron's coordination key: `Date.prototype.toISOString()` of the fire time. */
const KEY = /^(.+):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;
const KEY_PREFIX = 'node-cron:';
const PRUNE_BATCH = 100;

/** What {@link PostgresNodeCronCoordinator} needs, resolved by {@link createNodeCronCoordinator}. */
export interface PostgresNodeCronCoordinatorSettings {
  readonly claimTimeoutMs: number;
  readonly retentionMs: number;
  readonly holder: string;
  readonly logger: Logger;
  /** Whether {@link PostgresNodeCronCoordinator.close} closes the pool (it opened it). */
  readonly ownsDatabase: boolean;
}

/**
 * A node-cron 4 `RunCoordinator` on PostgreSQL: each `distributed` task's fire (node-cron's key `<name>:<fire time>`)
 * runs on one replica only. Create it with {@link createNodeCronCoordinator}.
 *
 * @remarks A claim is one `INSERT … ON CONFLICT (key) DO NOTHING RETURNING` of the row `node-cron:<name>:<fire time>`
 * in the `leases` table (holder, `acquired_at` and `expires_at` = claim + node-cron's `distributedLease`, on the
 * database clock): keyed by the slot, never by when a replica happened to fire, so every replica firing the same slot
 * finds the one row and exactly one is elected. A claimed slot is never run again, whatever its lease: the lease only
 * says, for a row never completed, until when its run was expected to end. `onComplete` releases the row (holder
 * null, `expires_at` = completion). The same statement deletes up to 100 of the task's claims older than `retention`.
 * Fail closed: a claim that fails or takes longer than `claimTimeout` (the database is away) resolves `false` and
 * logs a warning; it never rejects, except for a key that is not node-cron's (BATON_ERR_POSTGRES_INVALID_CRON_KEY).
 */
export class PostgresNodeCronCoordinator implements RunCoordinator {
  readonly #db: PostgresDatabase;
  readonly #leases: string;
  readonly #settings: PostgresNodeCronCoordinatorSettings;
  #ready: Promise<unknown> | undefined;

  constructor(database: PostgresDatabase, settings: PostgresNodeCronCoordinatorSettings) {
    this.#db = database;
    this.#leases = database.table('leases');
    this.#settings = settings;
  }

  /**
   * Claims node-cron's slot `key` (`<name>:<ISO fire time>`) for this replica: true for the one replica whose claim
   * created the row, false for every other, and false (fail closed) when the database did not answer in time.
   * @param ttlMs - node-cron's `distributedLease`: recorded as the claim's `expires_at`.
   * @throws BATON_ERR_POSTGRES_INVALID_CRON_KEY (as a rejection) for a key that does not end with `:<ISO fire time>`.
   */
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const { task, fireTime } = parseKey(key);
    const prefix = `${KEY_PREFIX}${task}:`;
    const cutoff = new Date(Date.parse(fireTime) - this.#settings.retentionMs).toISOString();
    const now = this.#db.nowMs;
    try {
      const rows = await this.#bounded('claim', key, () =>
        this.#db.query<{ key: string }>(
          'cronClaim',
          `WITH pruned AS (
             DELETE FROM ${this.#leases} WHERE key IN (
               SELECT key FROM ${this.#leases}
               WHERE key >= $3 AND key < $4 AND starts_with(key, $3)
                 AND substr(key, length($3) + 1) ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$'
                 AND substr(key, length($3) + 1) COLLATE "C" < $5
               LIMIT ${PRUNE_BATCH}))
           INSERT INTO ${this.#leases} (key, holder, fence, expires_at, acquired_at) VALUES ($1, $2, 1, ${now} + $6::bigint, ${now})
           ON CONFLICT (key) DO NOTHING RETURNING key`,
          [`${KEY_PREFIX}${key}`, this.#settings.holder, prefix, `${prefix}${cutoff}`, cutoff, Math.max(0, Math.floor(ttlMs))],
        ),
      );
      return rows.length > 0;
    } catch {
      return false;
    }
  }

  /** Records that this replica's run of slot `key` ended (releases its row). Never rejects: a failure is logged. */
  async onComplete(key: string): Promise<void> {
    try {
      await this.#bounded('record the completion of', key, () =>
        this.#db.query('cronComplete', `UPDATE ${this.#leases} SET holder = NULL, expires_at = ${this.#db.nowMs} WHERE key = $1 AND holder = $2`, [
          `${KEY_PREFIX}${key}`,
          this.#settings.holder,
        ]),
      );
    } catch {
      // Logged by #bounded.
    }
  }

  /** Closes the pool when the coordinator opened it (no `database` option); a shared pool is left open. */
  async close(): Promise<void> {
    if (this.#settings.ownsDatabase) await this.#db.close();
  }

  /** `work` after the schema is in place, within `claimTimeout`; a failure is logged and rethrown. */
  async #bounded<T>(what: string, key: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${this.#settings.claimTimeoutMs} ms`)), this.#settings.claimTimeoutMs);
    });
    try {
      await Promise.race([this.#schema(), timeout]);
      const query = work();
      // Once the timeout won, the query's late rejection must not become unhandled.
      query.catch(() => {});
      return await Promise.race([query, timeout]);
    } catch (error) {
      this.#settings.logger.warn(`Could not ${what} the node-cron slot ${key}; ${what === 'claim' ? 'skipped here (fail closed)' : 'it stays claimed'}`, {
        key,
        error: toError(error),
      });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Applies missing migrations once (the `leases` table); tried again after a failure. */
  #schema(): Promise<unknown> {
    this.#ready ??= migrateSchema(this.#db).catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }
}

function parseKey(key: string): { task: string; fireTime: string } {
  const match = typeof key === 'string' ? KEY.exec(key) : null;
  if (match === null || Number.isNaN(Date.parse(match[2]!))) {
    throw new BatonError(
      PostgresErrorCode.PostgresInvalidCronKey,
      `The node-cron key ${JSON.stringify(key)} is not '<task name>:<ISO fire time>' (as node-cron 4 forms it for a distributed task); nothing was claimed.`,
    );
  }
  return { task: match[1]!, fireTime: match[2]! };
}
