/** Options of the health probes; see {@link InstrumentationOptions.health}. */
export interface HealthOptions {
  /**
   * The body the probes answer with:
   * - `'ietf'` (default): `application/health+json`, the IETF health check response format;
   * - `'terminus'`: the shape of NestJS terminus (`{ status: 'ok' | 'error' | 'shutting_down', info, error, details }`),
   *   as `application/json`.
   */
  readonly format?: 'ietf' | 'terminus';
  /**
   * A scheduled workflow is *stale*, and readiness fails, when it has had no successful run within this many of its
   * schedule's periods (counted from its last success, or from the host's start when it has none). Defaults to 3.
   */
  readonly staleAfterPeriods?: number;
  /**
   * The host health checks (`host.addHealthCheck`) that liveness runs: those carrying one of these tags. Defaults to
   * `['liveness']`, so a database check (such as `postgres:connection`) never fails liveness unless tagged so.
   */
  readonly livenessTags?: readonly string[];
  /** The host health checks that readiness runs, by tag. Defaults to every registered check. */
  readonly readinessTags?: readonly string[];
}
