import type { HealthOptions } from '../Health/HealthOptions.js';
import type { MetricsOptions } from '../Metrics/MetricsOptions.js';
import type { TracingOptions } from '../Tracing/TracingOptions.js';

/** Options of {@link instrument}. Every key is optional; unknown keys are refused (`BATON_ERR_ADMIN_INVALID_OPTIONS`). */
export interface InstrumentationOptions {
  /** The liveness and readiness probes. */
  readonly health?: HealthOptions;
  /** Prometheus metrics through prom-client: on by default (in a registry of their own); `false` turns them off. */
  readonly metrics?: boolean | MetricsOptions;
  /**
   * OpenTelemetry spans through `@opentelemetry/api`: on by default, and a no-op until the app registers an SDK;
   * `false` turns them off. Baton never registers a global provider.
   */
  readonly tracing?: boolean | TracingOptions;
}
