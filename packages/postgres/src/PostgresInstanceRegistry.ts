import { BatonError, BatonErrorCode, type InstanceRecord, type InstanceRegistration, type InstanceRegistry, type InstanceStatus } from '@baton/core';
import type { PostgresDatabase } from './PostgresDatabase.js';
import { PostgresErrorCode } from './PostgresErrorCode.js';

/** Options of {@link PostgresInstanceRegistry}. */
export interface PostgresInstanceRegistryOptions {
  /** How often hosts heartbeat, in ms. Defaults to 10,000. */
  readonly heartbeatIntervalMs?: number;
  /** An instance whose last heartbeat is older than this (the database's clock) is listed as stale. Defaults to three heartbeat intervals. */
  readonly staleAfterMs?: number;
  /** Instances silent (or stopped) for longer than this are deleted when a host registers. Defaults to 7 days. */
  readonly retentionMs?: number;
}

interface InstanceRow {
  readonly id: string;
  readonly hostname: string;
  readonly pid: number;
  readonly version: string;
  readonly services: string[];
  readonly workflows: string[];
  readonly started_at: number;
  readonly heartbeat_at: number;
  readonly stopped_at: number | null;
  readonly status: InstanceStatus;
}

/**
 * The {@link InstanceRegistry} on PostgreSQL: one row per host in the `instances` table, every replica's, on the
 * database's clock (so a replica's clock skew does not make another look stale). Each call is one statement; `register`
 * also deletes instances silent for longer than `retentionMs`.
 */
export class PostgresInstanceRegistry implements InstanceRegistry {
  readonly heartbeatIntervalMs: number;
  readonly #staleAfterMs: number;
  readonly #retentionMs: number;
  readonly #db: PostgresDatabase;
  readonly #table: string;

  constructor(database: PostgresDatabase, options: PostgresInstanceRegistryOptions = {}) {
    const { heartbeatIntervalMs = 10_000, staleAfterMs, retentionMs = 7 * 24 * 3_600_000, ...unknown } = options;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      throw new BatonError(
        PostgresErrorCode.PostgresInvalidOptions,
        `Unknown PostgresInstanceRegistry option '${extra[0]}'; expected heartbeatIntervalMs, staleAfterMs or retentionMs.`,
      );
    }
    const stale = staleAfterMs ?? heartbeatIntervalMs * 3;
    if (
      !(Number.isFinite(heartbeatIntervalMs) && heartbeatIntervalMs > 0) ||
      !(Number.isFinite(stale) && stale > heartbeatIntervalMs) ||
      !(retentionMs > stale)
    ) {
      throw new BatonError(
        PostgresErrorCode.PostgresInvalidOptions,
        `PostgresInstanceRegistry needs 0 < heartbeatIntervalMs < staleAfterMs < retentionMs (finite); got ${String(heartbeatIntervalMs)}, ${String(stale)}, ${String(retentionMs)}.`,
      );
    }
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    this.#staleAfterMs = stale;
    this.#retentionMs = retentionMs;
    this.#db = database;
    this.#table = database.table('instances');
  }

  async register(instance: InstanceRegistration): Promise<InstanceRecord> {
    const { id, hostname, pid, version, services, workflows } = checkInstance(instance);
    const now = this.#db.nowMs;
    const [row] = await this.#db.query<InstanceRow>(
      'registerInstance',
      `WITH pruned AS (DELETE FROM ${this.#table} WHERE id <> $1 AND heartbeat_at < ${now} - $8::bigint)
       INSERT INTO ${this.#table} AS i (id, hostname, pid, version, services, workflows, started_at, heartbeat_at, stopped_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, ${now}, ${now}, NULL)
       ON CONFLICT (id) DO UPDATE SET hostname = excluded.hostname, pid = excluded.pid, version = excluded.version, services = excluded.services,
         workflows = excluded.workflows, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, stopped_at = NULL
       RETURNING ${this.#columns('$7')}`,
      [id, hostname, pid, version, JSON.stringify(services), JSON.stringify(workflows), this.#staleAfterMs, this.#retentionMs],
    );
    return toRecord(row!);
  }

  async heartbeat(id: string): Promise<boolean> {
    const rows = await this.#db.query(
      'heartbeatInstance',
      `UPDATE ${this.#table} SET heartbeat_at = ${this.#db.nowMs} WHERE id = $1 AND stopped_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async markStopped(id: string): Promise<void> {
    await this.#db.query('markInstanceStopped', `UPDATE ${this.#table} SET stopped_at = ${this.#db.nowMs} WHERE id = $1 AND stopped_at IS NULL`, [id]);
  }

  async list(): Promise<InstanceRecord[]> {
    const rows = await this.#db.query<InstanceRow>(
      'listInstances',
      `SELECT ${this.#columns('$1')} FROM ${this.#table} ORDER BY CASE WHEN stopped_at IS NOT NULL THEN 2 WHEN heartbeat_at < ${this.#db.nowMs} - $1::bigint THEN 1 ELSE 0 END, started_at DESC, id`,
      [this.#staleAfterMs],
    );
    return rows.map(toRecord);
  }

  /** The columns of a record, its status computed on the database's clock with the stale timeout in `staleParameter`. */
  #columns(staleParameter: string): string {
    return `id, hostname, pid, version, services, workflows, started_at, heartbeat_at, stopped_at,
      CASE WHEN stopped_at IS NOT NULL THEN 'stopped' WHEN heartbeat_at < ${this.#db.nowMs} - ${staleParameter}::bigint THEN 'stale' ELSE 'running' END AS status`;
  }
}

function checkInstance(instance: InstanceRegistration): InstanceRegistration {
  const invalid = (why: string): BatonError => new BatonError(BatonErrorCode.RunsInvalidInstance, `InstanceRegistry.register(): ${why}.`);
  if (typeof instance !== 'object' || instance === null) throw invalid('needs an instance object');
  const { id, hostname, pid, version, services, workflows } = instance;
  if (typeof id !== 'string' || id === '') throw invalid('id must be a non-empty string');
  if (typeof hostname !== 'string' || hostname === '') throw invalid('hostname must be a non-empty string');
  if (!Number.isInteger(pid)) throw invalid(`pid must be an integer; got ${String(pid)}`);
  if (typeof version !== 'string') throw invalid('version must be a string');
  for (const [what, names] of [
    ['services', services],
    ['workflows', workflows],
  ] as const) {
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) throw invalid(`${what} must be an array of names`);
  }
  return instance;
}

function toRecord(row: InstanceRow): InstanceRecord {
  return Object.freeze({
    id: row.id,
    hostname: row.hostname,
    pid: row.pid,
    version: row.version,
    services: Object.freeze([...row.services]),
    workflows: Object.freeze([...row.workflows]),
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    ...(row.stopped_at === null ? {} : { stoppedAt: row.stopped_at }),
    status: row.status,
  });
}
