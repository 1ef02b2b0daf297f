import type { HealthCheckDetail } from './HealthCheckDetail.js';

/**
 * A probe's body in the IETF health check response format (`application/health+json`,
 * draft-inadarei-api-health-check), as the liveness and readiness handlers answer with it by default.
 *
 * @remarks The JSON Schema is `packages/admin/schemas/health.schema.json`. Keys of `checks`:
 * `service:<name>` (each hosted service), `workflow:<name>` (each workflow; readiness only), and each host health
 * check under its own name (e.g. `postgres:connection`, registered by `@baton/postgres`).
 * @example
 * ```json
 * {
 *   "status": "fail",
 *   "description": "readiness of host 'shop'",
 *   "output": "workflow 'nightly' is stale",
 *   "checks": {
 *     "service:Mailer": [{ "componentType": "component", "status": "pass", "observedValue": "running", "time": "2026-01-01T00:00:00.000Z" }],
 *     "workflow:nightly": [{ "componentType": "workflow", "status": "fail", "observedValue": "degraded", "output": "No successful run within 3 periods of 1d (last success 2025-12-28T00:00:00.000Z).", "time": "2026-01-01T00:00:00.000Z" }],
 *     "postgres:connection": [{ "componentType": "datastore", "status": "pass", "time": "2026-01-01T00:00:00.000Z" }]
 *   }
 * }
 * ```
 */
export interface HealthBody {
  /** `pass` (200), `warn` (200: healthy, with a concern) or `fail` (503). */
  readonly status: 'pass' | 'warn' | 'fail';
  /** Which probe of which host. */
  readonly description: string;
  /** Why it does not pass: `starting`, `shutting_down`, or the failing checks. */
  readonly output?: string;
  /** The checks, one array of one detail per key. */
  readonly checks: Readonly<Record<string, readonly HealthCheckDetail[]>>;
}
