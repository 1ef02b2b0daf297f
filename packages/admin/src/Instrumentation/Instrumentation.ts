import type { HealthBody } from '../Health/HealthBody.js';
import type { ProbeKind } from '../Health/ProbeKind.js';
import type { PrometheusRegistry } from '../Metrics/Internal/prometheus.js';
import type { ObservabilityHandler } from './ObservabilityHandler.js';

/** What {@link instrument} returns: the probe and metrics handlers to mount, and the registry. */
export interface Instrumentation {
  /**
   * The liveness probe (e.g. `GET /health/live`): 503 only when the host cannot do its work (a hosted service
   * faulted, or the host stopped). Runs the host checks tagged for liveness only (`health.livenessTags`).
   */
  readonly liveness: ObservabilityHandler;
  /**
   * The readiness probe (e.g. `GET /health/ready`): 503 while the host starts, at once when it begins to stop
   * (`shutting_down`), on a faulted service, a stale workflow or a failing host check (e.g. `postgres:connection`).
   */
  readonly readiness: ObservabilityHandler;
  /** `GET /metrics` in the Prometheus text format (the registry's whole content). Answers 404 with `metrics: false`. */
  readonly metrics: ObservabilityHandler;
  /** The prom-client registry holding Baton's metrics (the app's, or the one created); `undefined` with `metrics: false`. */
  readonly registry: PrometheusRegistry | undefined;
  /** A probe's outcome as data, in the IETF shape (whatever `health.format` says). Never rejects. */
  health(kind: ProbeKind, options?: { readonly signal?: AbortSignal }): Promise<HealthBody>;
}
