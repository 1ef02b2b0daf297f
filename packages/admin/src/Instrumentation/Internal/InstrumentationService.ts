// The hosted service instrument() registers: at the host's `starting` hook (before any service starts, so no event
// is missed) it subscribes the metrics and the spans to the Workflows events; on stop it unsubscribes.
import { Clock, Workflows, type HostedService, type ServiceResolver } from '@baton/core';
import type { HealthProbe } from '../../Health/Internal/HealthProbe.js';
import type { BatonMetrics } from '../../Metrics/Internal/BatonMetrics.js';
import { trace, type TracerProvider } from '../../Tracing/Internal/opentelemetry.js';
import { RunTracer } from '../../Tracing/Internal/RunTracer.js';

/** The instrumentation's name among the host's hosted services. */
export const INSTRUMENTATION_SERVICE = '@baton/admin';
const TRACER_NAME = '@baton/admin';

export interface InstrumentationParts {
  readonly probe: HealthProbe;
  readonly metrics: BatonMetrics | undefined;
  /** `false`: no spans; `undefined`: the global provider, read now. */
  readonly tracing: false | { readonly tracerProvider: TracerProvider | undefined };
}

export class InstrumentationService implements HostedService {
  readonly #services: ServiceResolver;
  readonly #parts: InstrumentationParts;
  #unsubscribe: (() => void)[] = [];

  constructor(services: ServiceResolver, parts: InstrumentationParts) {
    this.#services = services;
    this.#parts = parts;
  }

  async starting(): Promise<void> {
    const clock = this.#services.get(Clock);
    this.#parts.probe.started(clock.now());
    const workflows = this.#services.tryGet(Workflows);
    if (workflows === undefined) return;
    const { metrics, tracing } = this.#parts;
    if (metrics !== undefined) this.#unsubscribe.push(metrics.subscribe(workflows));
    if (tracing !== false) {
      const tracer = (tracing.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER_NAME);
      this.#unsubscribe.push(new RunTracer(tracer, clock).subscribe(workflows));
    }
  }

  async start(): Promise<void> {}

  /** Once every service has stopped (the workflow engine's last runs are recorded by then), the subscriptions end. */
  async stopped(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  async stop(): Promise<void> {}
}
