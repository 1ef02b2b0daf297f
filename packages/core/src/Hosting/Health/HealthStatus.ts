/**
 * How healthy a check, or a whole health report, found things.
 * - `'healthy'`: working as intended.
 * - `'degraded'`: working, but not fully (a service gave up under `onError: 'ignore'`, a workflow is waiting for a
 *   binding). Still serving: a probe should answer 200.
 * - `'unhealthy'`: not working, or not known to work (a check threw or timed out). A probe should answer 503.
 *
 * @remarks Ordered from best to worst; a report takes the worst status of its entries.
 */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';
