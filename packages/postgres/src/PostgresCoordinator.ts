import type { Coordinator, Lease } from '@baton/core';
import type { PostgresDatabase } from './PostgresDatabase.js';

interface LeaseRow {
  readonly key: string;
  readonly holder: string;
  readonly fence: number;
  readonly expires_at: number;
}

/**
 * The {@link Coordinator} on PostgreSQL: one row per key in the `leases` table, on the database's clock.
 *
 * @remarks Each call is one statement. `acquireLease` is an upsert that takes the key only when it is free, released
 * or expired, and raises its `fence` by one: the fencing token, which never goes back (a released lease keeps its
 * row). `renewLease` and `releaseLease` match the key, the holder and the fence, so a holder that lost its lease can
 * neither renew nor release the next holder's.
 */
export class PostgresCoordinator implements Coordinator {
  readonly #db: PostgresDatabase;
  readonly #leases: string;

  constructor(database: PostgresDatabase) {
    this.#db = database;
    this.#leases = database.table('leases');
  }

  async acquireLease(key: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    const now = this.#db.nowMs;
    const [row] = await this.#db.query<LeaseRow>(
      'acquireLease',
      `INSERT INTO ${this.#leases} AS l (key, holder, fence, expires_at, acquired_at) VALUES ($1, $2, 1, ${now} + $3::bigint, ${now})
       ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, fence = l.fence + 1, expires_at = excluded.expires_at, acquired_at = excluded.acquired_at
       WHERE l.holder IS NULL OR l.expires_at <= ${now}
       RETURNING key, holder, fence, expires_at`,
      [key, holder, ttlMs],
    );
    return row === undefined ? undefined : Object.freeze({ key: row.key, holder: row.holder, fence: row.fence, expiresAt: row.expires_at });
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<boolean> {
    const rows = await this.#db.query(
      'renewLease',
      `UPDATE ${this.#leases} SET expires_at = ${this.#db.nowMs} + $4::bigint WHERE key = $1 AND holder = $2 AND fence = $3 RETURNING key`,
      [lease.key, lease.holder, lease.fence, ttlMs],
      // The heartbeat: on a connection of its own, so that a busy pool cannot expire a healthy holder's lease.
      { urgent: true },
    );
    return rows.length > 0;
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.#db.query('releaseLease', `UPDATE ${this.#leases} SET holder = NULL, expires_at = 0 WHERE key = $1 AND holder = $2 AND fence = $3`, [
      lease.key,
      lease.holder,
      lease.fence,
    ]);
  }
}
