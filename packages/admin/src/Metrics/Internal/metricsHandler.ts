import type { ObservabilityHandler } from '../../Instrumentation/ObservabilityHandler.js';
import type { ObservabilityResponse } from '../../Instrumentation/ObservabilityResponse.js';
import type { BatonMetrics } from './BatonMetrics.js';

/** `GET /metrics`: the registry in the Prometheus text format; 404 when metrics are off. Never rejects. */
export function metricsHandler(metrics: BatonMetrics | undefined): ObservabilityHandler {
  return async (): Promise<ObservabilityResponse> => {
    if (metrics === undefined) {
      return {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Metrics are turned off (instrument(host, { metrics: false })).\n',
      };
    }
    try {
      const body = await metrics.registry.metrics();
      return { status: 200, headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }, body };
    } catch (error) {
      return {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `Could not collect the metrics: ${error instanceof Error ? error.message : String(error)}\n`,
      };
    }
  };
}
