import { BatonError, BatonErrorCode } from '@baton/core';
import type { Host } from '@baton/host';
import { healthHandler } from '../Health/Internal/healthHandler.js';
import { HealthProbe } from '../Health/Internal/HealthProbe.js';
import { toHealthBody } from '../Health/Internal/toHealthBody.js';
import { BatonMetrics } from '../Metrics/Internal/BatonMetrics.js';
import { metricsHandler } from '../Metrics/Internal/metricsHandler.js';
import { Registry } from '../Metrics/Internal/prometheus.js';
import type { Instrumentation } from './Instrumentation.js';
import type { InstrumentationOptions } from './InstrumentationOptions.js';
import { INSTRUMENTATION_SERVICE, InstrumentationService } from './Internal/InstrumentationService.js';
import { describe, resolveOptions } from './Internal/resolveOptions.js';

/**
 * Instruments a host: liveness and readiness probes, Prometheus metrics and OpenTelemetry spans of its services and
 * workflows. Call it before `host.start()`; mount the handlers it returns on the app's server.
 *
 * @remarks Registers a hosted service named `@baton/admin` that subscribes to the `Workflows` events when the host
 * starts (before any service starts) and unsubscribes once it has stopped. Reads only the public contracts of
 * `@baton/host` (`hostedServices()`, `health()`, `state`) and `@baton/core` (`Workflows`, `Clock`). Throws
 * `BATON_ERR_ADMIN_INVALID_OPTIONS` for a `host` that is not a host or a bad option, `BATON_ERR_ADMIN_METRICS_CONFLICT`
 * when the registry already holds Baton's metric names (instrumented twice), and `BATON_ERR_HOST_REGISTRATION_CLOSED`
 * once the host has started.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { instrument } from '@baton/admin';
 * import { createHost } from '@baton/host';
 *
 * const host = createHost({ name: 'shop' });
 * const observability = instrument(host, { health: { staleAfterPeriods: 3 } });
 * await host.start();
 * const routes = { '/health/live': observability.liveness, '/health/ready': observability.readiness, '/metrics': observability.metrics };
 * createServer(async (request, response) => {
 *   const handler = routes[request.url as keyof typeof routes];
 *   if (handler === undefined) return void response.writeHead(404).end();
 *   const { status, headers, body } = await handler(request);
 *   response.writeHead(status, headers).end(body);
 * }).listen(3000, '127.0.0.1');
 * ```
 */
export function instrument(host: Host, options?: InstrumentationOptions): Instrumentation {
  if (!isHost(host)) {
    throw new BatonError(BatonErrorCode.AdminInvalidOptions, `instrument() needs a host from createHost() (@baton/host); got ${describe(host)}.`);
  }
  const resolved = resolveOptions(options);
  const probe = new HealthProbe(host, resolved.health);
  const metrics = resolved.metrics === false ? undefined : new BatonMetrics(resolved.metrics.registry ?? new Registry());
  metrics?.watchServices(() => host.hostedServices());
  host.addHostedService((services) => new InstrumentationService(services, { probe, metrics, tracing: resolved.tracing }), { name: INSTRUMENTATION_SERVICE });
  return {
    liveness: healthHandler(probe, 'liveness', host.name),
    readiness: healthHandler(probe, 'readiness', host.name),
    metrics: metricsHandler(metrics),
    registry: metrics?.registry,
    health: async (kind, healthOptions) => toHealthBody(await probe.probe(kind, healthOptions?.signal), host.name),
  };
}

function isHost(value: unknown): value is Host {
  const host = value as Partial<Record<keyof Host, unknown>> | null;
  return (
    typeof host === 'object' &&
    host !== null &&
    typeof host.hostedServices === 'function' &&
    typeof host.health === 'function' &&
    typeof host.addHostedService === 'function' &&
    typeof host.state === 'string'
  );
}
