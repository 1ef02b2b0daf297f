import type { Logger } from '@baton/core';

/** Options of `PostgresDatabase`. */
export interface PostgresDatabaseOptions {
  /** The connection string, `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** The schema Baton's tables live in. Defaults to `baton`. */
  readonly schema?: string;
  /** Connections in the pool. Defaults to 10. */
  readonly poolSize?: number;
  /** How long `open()` keeps trying to reach the server, in ms. Defaults to 5000. */
  readonly connectTimeoutMs?: number;
  /** How long one call keeps retrying while the connection is lost, in ms, before it rejects. Defaults to 10000. */
  readonly retryTimeoutMs?: number;
  /**
   * How long one call waits for a free connection while every connection of the pool is busy (a burst), in ms, before
   * it rejects. Defaults to 60000. Waiting is back-pressure, not an outage: it is counted in `stats().poolWaits`.
   */
  readonly queueTimeoutMs?: number;
  /** Logs the start and the end of each outage (once each, not per query). Defaults to no logging. */
  readonly logger?: Logger;
  /** `application_name` of the connections, as `pg_stat_activity` shows it. Defaults to `baton`. */
  readonly applicationName?: string;
}
