import {
  BatonError,
  BatonErrorCode,
  checkAuditEntry,
  checkAuditQuery,
  type AuditAction,
  type AuditAppend,
  type AuditEntry,
  type AuditLog,
  type AuditOutcome,
  type AuditPage,
  type AuditQuery,
} from '@baton/core';
import type { PostgresDatabase } from './PostgresDatabase.js';

interface AuditRow {
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  readonly action: AuditAction;
  readonly target: string;
  readonly outcome: AuditOutcome;
  readonly detail: string | null;
  readonly input: string | null;
}

/**
 * The {@link AuditLog} on PostgreSQL: one row per operator action in the `audit_log` table, ids in append order, times
 * on the database's clock. `append` and each page of `list` are one statement each; a page reads the index on id (or
 * on (target, id) with a target), newest first, and its cursor is the last id it returned.
 */
export class PostgresAuditLog implements AuditLog {
  readonly #db: PostgresDatabase;
  readonly #table: string;

  constructor(database: PostgresDatabase) {
    this.#db = database;
    this.#table = database.table('audit_log');
  }

  async append(entry: AuditAppend): Promise<AuditEntry> {
    checkAuditEntry(entry);
    const { actor, action, target, outcome, detail, input } = entry;
    const [row] = await this.#db.query<AuditRow>(
      'appendAudit',
      `INSERT INTO ${this.#table} (at, actor, action, target, outcome, detail, input) VALUES (${this.#db.nowMs}, $1, $2, $3, $4, $5, $6)
       RETURNING id::text, at, actor, action, target, outcome, detail, input`,
      [actor, action, target, outcome, detail ?? null, input ?? null],
    );
    return toEntry(row!);
  }

  async list(query: AuditQuery = {}): Promise<AuditPage> {
    checkAuditQuery(query);
    const { limit = 50, cursor, target } = query;
    if (cursor !== undefined && (typeof cursor !== 'string' || !/^\d{1,19}$/.test(cursor))) {
      throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The audit cursor ${JSON.stringify(cursor)} was not issued by this log.`);
    }
    const rows = await this.#db.query<AuditRow>(
      'listAudit',
      `SELECT id::text, at, actor, action, target, outcome, detail, input FROM ${this.#table}
       WHERE ($1::bigint IS NULL OR id < $1::bigint) AND ($2::text IS NULL OR target = $2)
       ORDER BY id DESC LIMIT $3`,
      [cursor ?? null, target ?? null, limit + 1],
    );
    const entries = rows.slice(0, limit).map(toEntry);
    return rows.length > limit ? { entries, nextCursor: entries.at(-1)!.id } : { entries };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return Object.freeze({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.input === null ? {} : { input: row.input }),
  });
}
