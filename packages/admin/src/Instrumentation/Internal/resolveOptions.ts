// Validates the options of instrument() at registration: every key, type and range, with BATON_ERR_ADMIN_INVALID_OPTIONS.
import { BatonError, BatonErrorCode } from '@baton/core';
import type { ResolvedHealthOptions } from '../../Health/Internal/HealthProbe.js';
import type { PrometheusRegistry } from '../../Metrics/Internal/prometheus.js';
import type { TracerProvider } from '../../Tracing/Internal/opentelemetry.js';
import type { InstrumentationOptions } from '../InstrumentationOptions.js';

export interface ResolvedOptions {
  readonly health: ResolvedHealthOptions;
  /** `false`: no metrics; `undefined` registry: a new one. */
  readonly metrics: false | { readonly registry: PrometheusRegistry | undefined };
  /** `false`: no spans; `undefined` provider: the global one, read at start. */
  readonly tracing: false | { readonly tracerProvider: TracerProvider | undefined };
}

export function resolveOptions(options: unknown): ResolvedOptions {
  const root = record(options ?? {}, 'options', ['health', 'metrics', 'tracing']) as InstrumentationOptions;
  return { health: resolveHealth(root.health), metrics: resolveMetrics(root.metrics), tracing: resolveTracing(root.tracing) };
}

function resolveHealth(value: unknown): ResolvedHealthOptions {
  const health = record(value ?? {}, 'health', ['format', 'staleAfterPeriods', 'livenessTags', 'readinessTags']);
  const { format = 'ietf', staleAfterPeriods = 3, livenessTags = ['liveness'], readinessTags } = health;
  if (format !== 'ietf' && format !== 'terminus') throw invalid(`health.format must be 'ietf' or 'terminus'; got ${describe(format)}.`);
  if (typeof staleAfterPeriods !== 'number' || !Number.isFinite(staleAfterPeriods) || staleAfterPeriods <= 0) {
    throw invalid(`health.staleAfterPeriods must be a number > 0; got ${describe(staleAfterPeriods)}.`);
  }
  return {
    format,
    staleAfterPeriods,
    livenessTags: tags(livenessTags, 'health.livenessTags'),
    readinessTags: readinessTags === undefined ? undefined : tags(readinessTags, 'health.readinessTags'),
  };
}

function resolveMetrics(value: unknown): ResolvedOptions['metrics'] {
  if (value === false) return false;
  if (value === undefined || value === true) return { registry: undefined };
  const { registry } = record(value, 'metrics', ['registry']);
  if (registry !== undefined && !isRegistry(registry)) throw invalid(`metrics.registry must be a prom-client Registry; got ${describe(registry)}.`);
  return { registry };
}

function resolveTracing(value: unknown): ResolvedOptions['tracing'] {
  if (value === false) return false;
  if (value === undefined || value === true) return { tracerProvider: undefined };
  const { tracerProvider } = record(value, 'tracing', ['tracerProvider']);
  if (tracerProvider !== undefined && typeof (tracerProvider as { getTracer?: unknown } | null)?.getTracer !== 'function') {
    throw invalid(`tracing.tracerProvider must be an OpenTelemetry TracerProvider (with getTracer); got ${describe(tracerProvider)}.`);
  }
  return { tracerProvider: tracerProvider as TracerProvider | undefined };
}

function isRegistry(value: unknown): value is PrometheusRegistry {
  const candidate = value as Partial<Record<'registerMetric' | 'metrics' | 'getSingleMetric', unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    ['registerMetric', 'metrics', 'getSingleMetric'].every((key) => typeof candidate[key as keyof typeof candidate] === 'function')
  );
}

function record(value: unknown, where: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${where} must be an object; got ${describe(value)}.`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw invalid(`Unknown option '${where === 'options' ? key : `${where}.${key}`}'; expected ${keys.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

function tags(value: unknown, where: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string' && tag.length > 0)) {
    throw invalid(`${where} must be an array of non-empty strings; got ${describe(value)}.`);
  }
  return Object.freeze([...value]);
}

function invalid(message: string): BatonError {
  return new BatonError(BatonErrorCode.AdminInvalidOptions, `instrument(): ${message}`);
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no prototype'})`;
  return String(value);
}
