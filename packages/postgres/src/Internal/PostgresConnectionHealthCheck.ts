import type { HealthCheck, HealthCheckResult } from '@baton/core';
import type { PostgresDatabase } from '../PostgresDatabase.js';

/**
 * `postgres:connection`: healthy while the server answers, with the measured clock skew between the app and the
 * database; degraded while it does not (the store retries with backoff, and runs carry on or are recovered by lease
 * once it is back). The database never makes the host unhealthy: liveness does not depend on it.
 */
export class PostgresConnectionHealthCheck implements HealthCheck {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  async check(): Promise<HealthCheckResult> {
    const { host, port, database } = this.#db.target;
    const where = { host, port, database, schema: this.#db.schema };
    try {
      const { skewMs, roundTripMs } = await this.#db.clockSkew();
      return {
        status: 'healthy',
        description: `PostgreSQL at ${host}:${port} answers in ${roundTripMs} ms; its clock is ${skewMs} ms ${skewMs >= 0 ? 'ahead of' : 'behind'} the app's.`,
        data: { ...where, reachable: true, clockSkewMs: skewMs, roundTripMs },
      };
    } catch (error) {
      const state = this.#db.state;
      return {
        status: 'degraded',
        description: `PostgreSQL at ${host}:${port} is unreachable (${(error as Error).message}); the store retries with backoff.`,
        data: { ...where, reachable: false, ...(state.unreachableSince === undefined ? {} : { unreachableSince: state.unreachableSince }) },
      };
    }
  }
}
