import { BatonError, BatonErrorCode, type ScheduleState, type ScheduleStore } from '@baton/core';
import type { PostgresDatabase } from './PostgresDatabase.js';

interface ScheduleRow {
  readonly workflow: string;
  readonly paused: boolean;
  readonly paused_until: number | null;
  readonly last_scheduled_at: number | null;
  readonly paused_set_at: number | null;
}

/**
 * The {@link ScheduleStore} on PostgreSQL: one row per workflow in the `schedules` table, shared by every replica.
 *
 * @remarks `setPaused` is one upsert on the database's clock; `states` one read of the table (the engine's poll).
 * There is no `recordSlot`: the {@link PostgresRunStore}'s claims are the durable record of the slots, and its
 * `lastScheduledAt` keeps the latest one in this table when retention deletes its run, so a tick costs no extra write.
 * `claimAnchor` is one upsert per interval workflow at each engine start: the first replica's anchor stays in
 * `anchor_at`, and a row that holds only an anchor is not listed by `states`.
 */
export class PostgresScheduleStore implements ScheduleStore {
  readonly #db: PostgresDatabase;
  readonly #schedules: string;

  constructor(database: PostgresDatabase) {
    this.#db = database;
    this.#schedules = database.table('schedules');
  }

  async setPaused(workflow: string, paused: boolean, until?: number): Promise<ScheduleState> {
    if (typeof workflow !== 'string' || workflow === '' || typeof paused !== 'boolean' || (until !== undefined && !Number.isFinite(until))) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `ScheduleStore.setPaused() needs a workflow name, a boolean and an optional finite time; got ${JSON.stringify([workflow, paused, until])}.`,
      );
    }
    const now = this.#db.nowMs;
    const [row] = await this.#db.query<ScheduleRow>(
      'setPaused',
      `INSERT INTO ${this.#schedules} AS s (workflow, paused, paused_until, updated_at, paused_set_at) VALUES ($1, $2, $3, ${now}, ${now})
       ON CONFLICT (workflow) DO UPDATE SET paused = excluded.paused, paused_until = excluded.paused_until, updated_at = excluded.updated_at, paused_set_at = excluded.paused_set_at
       RETURNING workflow, paused, paused_until, last_scheduled_at, paused_set_at`,
      [workflow, paused, paused && until !== undefined ? until : null],
    );
    return toState(row!);
  }

  async claimAnchor(workflow: string, anchor: number): Promise<number> {
    if (typeof workflow !== 'string' || workflow === '' || !Number.isFinite(anchor)) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `ScheduleStore.claimAnchor() needs a workflow name and a finite time; got ${JSON.stringify([workflow, anchor])}.`,
      );
    }
    // First writer wins: concurrent inserts of one workflow serialize on its key, and the later ones keep the anchor.
    const [row] = await this.#db.query<{ anchor_at: number }>(
      'claimAnchor',
      `INSERT INTO ${this.#schedules} AS s (workflow, anchor_at) VALUES ($1, $2)
       ON CONFLICT (workflow) DO UPDATE SET anchor_at = COALESCE(s.anchor_at, excluded.anchor_at)
       RETURNING anchor_at`,
      [workflow, Math.floor(anchor)],
    );
    return Number(row!.anchor_at);
  }

  async states(): Promise<ScheduleState[]> {
    // A row that holds only an anchor (claimAnchor) is no state: the workflow keeps its definition's `paused` option.
    const rows = await this.#db.query<ScheduleRow>(
      'scheduleStates',
      `SELECT workflow, paused, paused_until, last_scheduled_at, paused_set_at FROM ${this.#schedules}
       WHERE anchor_at IS NULL OR paused_set_at IS NOT NULL OR last_scheduled_at IS NOT NULL`,
    );
    return rows.map(toState);
  }
}

function toState(row: ScheduleRow): ScheduleState {
  return Object.freeze({
    workflow: row.workflow,
    paused: row.paused_set_at === null ? false : row.paused,
    ...(row.paused_set_at !== null && row.paused && row.paused_until !== null ? { pausedUntil: row.paused_until } : {}),
    ...(row.last_scheduled_at === null ? {} : { lastSlot: row.last_scheduled_at }),
    ...(row.paused_set_at === null ? {} : { updatedAt: row.paused_set_at }),
  });
}
