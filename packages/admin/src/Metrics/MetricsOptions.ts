import type { PrometheusRegistry } from './Internal/prometheus.js';

/** Options of the Prometheus metrics; see {@link InstrumentationOptions.metrics}. */
export interface MetricsOptions {
  /**
   * The prom-client `Registry` to register Baton's metrics in: pass the app's, so one `/metrics` serves both.
   * Defaults to a new registry of Baton's own.
   */
  readonly registry?: PrometheusRegistry;
}
