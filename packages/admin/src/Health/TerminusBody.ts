import type { TerminusIndicator } from './TerminusIndicator.js';

/**
 * A probe's body in the shape of NestJS terminus (`HealthCheckResult`), with `health: { format: 'terminus' }`,
 * answered as `application/json`.
 *
 * @remarks The JSON Schema is `packages/admin/schemas/terminus.schema.json`. Keys are the same as
 * {@link HealthBody.checks}. `status` is `ok` unless a check fails (`error`, 503) or the host is stopping
 * (`shutting_down`, 503, at once). A check that warns is `up` in `info` with a `message`.
 * @example
 * ```json
 * {
 *   "status": "error",
 *   "info": { "service:Mailer": { "status": "up", "state": "running" } },
 *   "error": { "workflow:nightly": { "status": "down", "state": "degraded", "message": "No successful run within 3 periods of 1d." } },
 *   "details": {
 *     "service:Mailer": { "status": "up", "state": "running" },
 *     "workflow:nightly": { "status": "down", "state": "degraded", "message": "No successful run within 3 periods of 1d." }
 *   }
 * }
 * ```
 */
export interface TerminusBody {
  readonly status: 'ok' | 'error' | 'shutting_down';
  /** The checks that are up. */
  readonly info: Readonly<Record<string, TerminusIndicator>>;
  /** The checks that are down. */
  readonly error: Readonly<Record<string, TerminusIndicator>>;
  /** Every check. */
  readonly details: Readonly<Record<string, TerminusIndicator>>;
}
