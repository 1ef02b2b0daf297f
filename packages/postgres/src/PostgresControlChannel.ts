import { toError, type CancelRequest, type ControlChannel, type ControlSignal, type Logger, NullLogger } from '@baton/core';
import type { PostgresDatabase } from './PostgresDatabase.js';

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The {@link ControlChannel} on PostgreSQL: signals are `NOTIFY`s on the channel `baton_control_<schema>`, heard by
 * every replica's LISTEN connection; a cancel request is also written on the run's row (`cancel_requested_at`,
 * `cancel_requested_by`), which the run's owner reads with its lease heartbeat, so a notification lost to a dropped
 * connection still reaches it.
 *
 * @remarks One LISTEN connection per channel object, opened on the first `subscribe` and closed with the last
 * unsubscribe (or the pool). `requestCancel` is one statement: the row's update and its `pg_notify`, sent only when the
 * run is still running.
 */
export class PostgresControlChannel implements ControlChannel {
  readonly #db: PostgresDatabase;
  readonly #runs: string;
  readonly #channel: string;
  readonly #log: Logger;
  readonly #listeners = new Set<(signal: ControlSignal) => void>();
  #listening: Promise<() => Promise<void>> | undefined;

  constructor(database: PostgresDatabase, logger: Logger = NullLogger) {
    this.#db = database;
    this.#runs = database.table('runs');
    this.#channel = `baton_control_${database.schema}`.slice(0, 63);
    this.#log = logger;
  }

  async publish(signal: ControlSignal): Promise<void> {
    await this.#db.notify(this.#channel, JSON.stringify(signal));
  }

  async subscribe(listener: (signal: ControlSignal) => void): Promise<() => Promise<void>> {
    const subscription = (signal: ControlSignal): void => listener(signal);
    this.#listeners.add(subscription);
    this.#listening ??= this.#db.listen(this.#channel, (payload) => this.#deliver(payload));
    try {
      await this.#listening;
    } catch (error) {
      this.#listeners.delete(subscription);
      this.#listening = undefined;
      throw error;
    }
    return async () => {
      this.#listeners.delete(subscription);
      if (this.#listeners.size > 0 || this.#listening === undefined) return;
      const stop = this.#listening;
      this.#listening = undefined;
      await (
        await stop
      )();
    };
  }

  async requestCancel(runId: string, actor: string): Promise<void> {
    if (!RUN_ID.test(runId)) return;
    await this.#db.query(
      'requestCancel',
      `WITH requested AS (
         UPDATE ${this.#runs} SET cancel_requested_at = ${this.#db.nowMs}, cancel_requested_by = $2 WHERE id = $1::uuid AND status = 'running' RETURNING id)
       SELECT pg_notify($3, $4) FROM requested`,
      [runId, actor, this.#channel, JSON.stringify({ kind: 'cancel', runId, actor } satisfies ControlSignal)],
    );
  }

  async cancelRequests(runIds: readonly string[]): Promise<CancelRequest[]> {
    const ids = runIds.filter((id) => RUN_ID.test(id));
    if (ids.length === 0) return [];
    const rows = await this.#db.query<{ id: string; actor: string }>(
      'cancelRequests',
      `SELECT id::text AS id, cancel_requested_by AS actor FROM ${this.#runs} WHERE id = ANY($1::uuid[]) AND status = 'running' AND cancel_requested_at IS NOT NULL`,
      [ids],
    );
    return rows.map(({ id, actor }) => ({ runId: id, actor }));
  }

  async clearCancel(runId: string): Promise<void> {
    if (!RUN_ID.test(runId)) return;
    await this.#db.query(
      'clearCancel',
      `UPDATE ${this.#runs} SET cancel_requested_at = NULL, cancel_requested_by = NULL WHERE id = $1::uuid AND cancel_requested_at IS NOT NULL`,
      [runId],
    );
  }

  #deliver(payload: string): void {
    let signal: ControlSignal;
    try {
      signal = JSON.parse(payload) as ControlSignal;
    } catch (error) {
      this.#log.warn('Ignored a control notification that is not JSON', { error: toError(error) });
      return;
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(signal);
      } catch (error) {
        this.#log.warn('A control signal listener threw', { error: toError(error) });
      }
    }
  }
}
