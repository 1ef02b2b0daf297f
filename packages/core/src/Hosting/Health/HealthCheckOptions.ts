import type { Duration } from '../../Time/Duration.js';

/** Options for one health check, given to `host.addHealthCheck`. */
export interface HealthCheckOptions {
  /**
   * How long one run of the check may take, on the host's Clock. When it passes, the check's signal aborts and the
   * check is reported `unhealthy`.
   * @remarks Defaults to `'5s'`. Milliseconds or a duration string (`'500ms'`, `'2s'`); must be greater than zero.
   */
  readonly timeout?: Duration;
  /**
   * Labels to select checks by: `host.health({ tags: ['ready'] })` runs only the checks carrying one of them.
   * @remarks Defaults to none. Each tag is a non-empty string.
   */
  readonly tags?: readonly string[];
}
