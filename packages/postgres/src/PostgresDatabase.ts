import { BatonError, NullLogger, token, type Logger } from '@baton/core';
import pg from 'pg';
import { connectionTarget, type ConnectionTarget } from './Internal/ConnectionTarget.js';
import { testClockSql } from './Internal/testClock.js';
import { describe, isConnectionError, isPoolBusy, isTimeout } from './Internal/connectionErrors.js';
import type { PostgresConnectionState } from './PostgresConnectionState.js';
import type { PostgresDatabaseOptions } from './PostgresDatabaseOptions.js';
import { PostgresErrorCode } from './PostgresErrorCode.js';
import type { PostgresStats } from './PostgresStats.js';
import type { QueryOptions } from './QueryOptions.js';
import type { SqlValue } from './SqlValue.js';

// The one file of @baton/postgres that imports `pg`.

const NOW_MS = '(floor(extract(epoch from now()) * 1000))::bigint';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The connection pool of `@baton/postgres`, shared by its run store, coordinator and the other PostgreSQL services:
 * one statement per call, round trips counted, connection loss retried with backoff and logged once per outage.
 *
 * @remarks `addPostgres` registers one under the {@link PostgresDatabase} token, opens it (connects and migrates) as
 * the host starts and closes it once every service has stopped. Statements name tables through {@link table}, so
 * they follow the configured schema, and "now" through {@link nowMs}: the database's clock, in epoch ms.
 */
export class PostgresDatabase {
  /** The configured schema name (unquoted). */
  readonly schema: string;
  /** Where the pool connects: host, port, database and the redacted URL. */
  readonly target: ConnectionTarget;
  readonly #pool: pg.Pool;
  readonly #urgent: pg.Pool;
  readonly #logger: Logger;
  readonly #connectTimeoutMs: number;
  readonly #retryTimeoutMs: number;
  readonly #queueTimeoutMs: number;
  readonly #byOperation = new Map<string, number>();
  #roundTrips = 0;
  #poolWaits = 0;
  #unreachableSince: number | undefined;
  #lastError: string | undefined;
  #closed = false;
  readonly #url: string;
  readonly #applicationName: string;
  readonly #listeners = new Set<() => Promise<void>>();
  readonly #statements = new Map<string, string>();

  constructor(options: PostgresDatabaseOptions) {
    const {
      url,
      schema = 'baton',
      poolSize = 10,
      connectTimeoutMs = 5_000,
      retryTimeoutMs = 10_000,
      queueTimeoutMs = 60_000,
      logger = NullLogger,
      applicationName = 'baton',
    } = options;
    this.target = connectionTarget(url, 'url');
    if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
      throw new BatonError(
        PostgresErrorCode.PostgresInvalidOptions,
        `The schema name ${JSON.stringify(schema)} is not a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters, not starting with a digit).`,
      );
    }
    this.schema = schema;
    this.#logger = logger;
    this.#connectTimeoutMs = connectTimeoutMs;
    this.#retryTimeoutMs = retryTimeoutMs;
    this.#queueTimeoutMs = queueTimeoutMs;
    this.#url = url;
    this.#applicationName = applicationName;
    const pool = (max: number): pg.Pool => {
      const created = new pg.Pool({
        connectionString: url,
        max,
        application_name: applicationName,
        connectionTimeoutMillis: Math.max(1_000, Math.min(connectTimeoutMs, 10_000)),
        idleTimeoutMillis: 30_000,
        // Epoch ms (bigint) and counts as numbers: they stay far below 2^53.
        types: { getTypeParser: ((oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as never },
      });
      // An idle connection that the server drops (a restart) is reported here; without a listener it would crash the process.
      created.on('error', (error) => this.#lost(error));
      return created;
    };
    this.#pool = pool(poolSize);
    // Heartbeats (QueryOptions.urgent) have a connection of their own, so that a busy pool cannot hold them back.
    this.#urgent = pool(1);
  }

  /** `"<schema>"."<name>"`: a table of the configured schema, quoted. */
  table(name: string): string {
    return `"${this.schema}"."${name}"`;
  }

  /** An SQL expression for the database's now, in epoch ms (bigint). */
  get nowMs(): string {
    return testClockSql(this) ?? NOW_MS;
  }

  /**
   * Runs one statement and resolves with its rows; counts one round trip under `operation`. While every connection
   * is busy it waits for one, for up to `queueTimeoutMs`; while the connection is lost it retries with backoff for up
   * to `retryTimeoutMs`; then it rejects with BATON_ERR_POSTGRES_UNAVAILABLE. Any other error rejects at once, as the
   * server reported it.
   */
  async query<Row = Record<string, unknown>>(operation: string, text: string, values: readonly SqlValue[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const config = options.prepare === true ? { name: this.#statementName(text), text, values: values as unknown[] } : undefined;
    const queueDeadline = Date.now() + this.#queueTimeoutMs;
    let deadline = Date.now() + this.#retryTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const pool = options.urgent === true ? this.#urgent : this.#pool;
        const result = config === undefined ? await pool.query(text, values as unknown[]) : await pool.query(config);
        this.#count(operation);
        this.#back();
        return result.rows as Row[];
      } catch (error) {
        if (this.#closed) throw this.#closedError();
        // The pool's queue: every connection was busy for its connect timeout. The server answers; wait on (no backoff,
        // the wait was the queue's), and the outage budget starts again once a connection is free.
        if (isPoolBusy(error)) {
          this.#poolWaits++;
          if (Date.now() >= queueDeadline) {
            throw new BatonError(
              PostgresErrorCode.PostgresUnavailable,
              `Every connection of the pool for ${this.target.host}:${this.target.port} stayed busy; ${operation} gave up after waiting ${this.#queueTimeoutMs} ms for one (raise poolSize, or lower the load).`,
              { cause: error },
            );
          }
          attempt = -1;
          deadline = Date.now() + this.#retryTimeoutMs;
          continue;
        }
        this.#count(operation);
        if (!isConnectionError(error)) throw error;
        // A pooled connection the server closed while it sat idle (a restart, an idle timeout) fails once and is
        // replaced: try again at once before calling it an outage, so one stale connection is not logged as one.
        if (attempt === 0 && this.#unreachableSince === undefined) continue;
        this.#lost(error);
        const delay = Math.min(2_000, 50 * 2 ** attempt);
        if (Date.now() + delay > deadline) {
          throw new BatonError(
            PostgresErrorCode.PostgresUnavailable,
            `PostgreSQL at ${this.target.host}:${this.target.port} is unreachable (${describe(error)}); ${operation} gave up after ${this.#retryTimeoutMs} ms of retries.`,
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Runs `work` on one connection of its own inside a transaction (BEGIN … COMMIT, ROLLBACK when it throws). For the
   * migrations, which hold an advisory lock for the transaction; each statement counts as one round trip.
   */
  async transaction<T>(operation: string, work: (query: <Row>(text: string, values?: readonly SqlValue[]) => Promise<Row[]>) => Promise<T>): Promise<T> {
    this.#count(operation);
    const client = await this.#pool.connect();
    const run = async <Row>(text: string, values: readonly SqlValue[] = []): Promise<Row[]> => {
      this.#count(operation);
      return (await client.query(text, values as unknown[])).rows as Row[];
    };
    let failed = false;
    try {
      await run('BEGIN');
      const result = await work(run);
      await run('COMMIT');
      return result;
    } catch (error) {
      failed = true;
      await run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failed);
    }
  }

  /**
   * Checks that the server answers, for up to `connectTimeoutMs`, and rejects with a coded error naming the host and
   * port (never the password): BATON_ERR_POSTGRES_UNREACHABLE when nothing answers, BATON_ERR_POSTGRES_CONNECT_FAILED
   * when the server refuses the connection (authentication, unknown database).
   */
  async connect(): Promise<void> {
    const deadline = Date.now() + this.#connectTimeoutMs;
    const where = `${this.target.host}:${this.target.port}`;
    for (let attempt = 0; ; attempt++) {
      try {
        this.#count('connect');
        await this.#pool.query('SELECT 1');
        this.#back();
        return;
      } catch (error) {
        if (this.#closed) throw this.#closedError();
        const unreachable = isConnectionError(error) || isTimeout(error) || (error as { code?: unknown }).code === 'ENOTFOUND';
        if (!unreachable) {
          throw new BatonError(
            PostgresErrorCode.PostgresConnectFailed,
            `PostgreSQL at ${where} refused the connection to database '${this.target.database}' (${describe(error)}); check the user, password and database of ${this.target.redacted}.`,
            { cause: error },
          );
        }
        const delay = Math.min(1_000, 100 * 2 ** attempt);
        if ((error as { code?: unknown }).code === 'ENOTFOUND' || Date.now() + delay > deadline) {
          throw new BatonError(
            PostgresErrorCode.PostgresUnreachable,
            `PostgreSQL at ${where} is unreachable (${describe(error)}) after ${this.#connectTimeoutMs} ms; is the server running, and is ${this.target.redacted} right?`,
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * One attempt, without retries (for health checks): the database's clock minus the app's (ms), measured over one
   * round trip, and that round trip's duration. Rejects when the server does not answer.
   */
  async clockSkew(): Promise<{ skewMs: number; roundTripMs: number }> {
    if (this.#closed) throw this.#closedError();
    this.#count('clockSkew');
    const before = Date.now();
    let row: { now: number } | undefined;
    try {
      row = (await this.#pool.query<{ now: number }>(`SELECT ${NOW_MS} AS now`)).rows[0];
    } catch (error) {
      if (isConnectionError(error) || isTimeout(error)) this.#lost(error);
      throw error;
    }
    this.#back();
    const after = Date.now();
    return { skewMs: row!.now - Math.round((before + after) / 2), roundTripMs: after - before };
  }

  /**
   * Listens for `NOTIFY` on `channel` (a lower-case identifier) on a connection of its own, outside the pool, and calls
   * `onNotify` with each payload. When that connection drops it reconnects with backoff and calls `onReconnect`, so the
   * listener can poll for what it missed meanwhile. Resolves once listening; the function it resolves with stops
   * listening and closes the connection. {@link close} stops every listener.
   */
  async listen(channel: string, onNotify: (payload: string) => void, options: { onReconnect?: () => void } = {}): Promise<() => Promise<void>> {
    if (!SCHEMA_NAME.test(channel)) {
      throw new BatonError(PostgresErrorCode.PostgresInvalidOptions, `The channel name ${JSON.stringify(channel)} is not a lower-case SQL identifier.`);
    }
    let client: pg.Client | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: this.#url, application_name: this.#applicationName });
      next.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      next.on('error', (error) => {
        this.#lost(error);
        reconnect(0);
      });
      next.on('end', () => reconnect(0));
      this.#count('listen');
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
      client = next;
    };
    const reconnect = (attempt: number): void => {
      if (stopped || timer !== undefined) return;
      const old = client;
      client = undefined;
      old?.removeAllListeners('end');
      old?.end().catch(() => undefined);
      timer = setTimeout(
        () => {
          timer = undefined;
          if (stopped) return;
          connect().then(
            () => {
              this.#back();
              options.onReconnect?.();
            },
            (error: unknown) => {
              this.#lost(error);
              reconnect(attempt + 1);
            },
          );
        },
        Math.min(2_000, 50 * 2 ** attempt),
      );
      timer.unref();
    };
    const stop = async (): Promise<void> => {
      stopped = true;
      clearTimeout(timer);
      this.#listeners.delete(stop);
      const last = client;
      client = undefined;
      last?.removeAllListeners('end');
      await last?.end().catch(() => undefined);
    };
    await connect();
    this.#listeners.add(stop);
    return stop;
  }

  /** Sends `payload` to the listeners of `channel` (`pg_notify`), in one round trip. */
  async notify(channel: string, payload: string): Promise<void> {
    await this.query('notify', 'SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Whether the server answered the last call. */
  get state(): PostgresConnectionState {
    return this.#unreachableSince === undefined
      ? { reachable: true }
      : { reachable: false, unreachableSince: this.#unreachableSince, ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }) };
  }

  /** Round trips since the start or the last {@link resetStats}: for benchmarks and tests. */
  stats(): PostgresStats {
    return { roundTrips: this.#roundTrips, poolWaits: this.#poolWaits, byOperation: Object.fromEntries(this.#byOperation) };
  }

  /** Sets the round-trip counters back to zero. */
  resetStats(): void {
    this.#roundTrips = 0;
    this.#poolWaits = 0;
    this.#byOperation.clear();
  }

  /** Closes the pool; idempotent. Calls made afterwards reject with BATON_ERR_POSTGRES_UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#listeners].map((stop) => stop()));
    await Promise.all([this.#pool.end(), this.#urgent.end()]);
  }

  /** The name of the prepared statement of `text`: one per distinct text, prepared once per connection. */
  #statementName(text: string): string {
    let name = this.#statements.get(text);
    if (name === undefined) this.#statements.set(text, (name = `baton_${this.#statements.size + 1}`));
    return name;
  }

  #count(operation: string): void {
    this.#roundTrips++;
    this.#byOperation.set(operation, (this.#byOperation.get(operation) ?? 0) + 1);
  }

  #lost(error: unknown): void {
    this.#lastError = describe(error);
    if (this.#unreachableSince !== undefined || this.#closed) return;
    this.#unreachableSince = Date.now();
    this.#logger.warn(`PostgreSQL at ${this.target.host}:${this.target.port} is unreachable; retrying with backoff`, {
      error: this.#lastError,
      database: this.target.database,
    });
  }

  #back(): void {
    if (this.#unreachableSince === undefined) return;
    const outageMs = Date.now() - this.#unreachableSince;
    this.#unreachableSince = undefined;
    this.#lastError = undefined;
    this.#logger.info(`PostgreSQL at ${this.target.host}:${this.target.port} is reachable again`, { outageMs });
  }

  #closedError(): BatonError {
    return new BatonError(PostgresErrorCode.PostgresUnavailable, `The PostgreSQL pool for ${this.target.host}:${this.target.port} is closed.`);
  }
}

/** DI token for the host's {@link PostgresDatabase}; `addPostgres` registers it. */
export const PostgresDatabaseToken = token<PostgresDatabase>('@baton/postgres/PostgresDatabase');
