import { defineWorkflow, NullLogger, Workflows, type Workflow } from '@baton/core';
import { createHost, type Host } from '@baton/host';
import { ManualClock } from '@baton/testing';
import { context, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instrument } from '../Instrumentation/instrument.js';
import type { InstrumentationOptions } from '../Instrumentation/InstrumentationOptions.js';

describe('tracing', () => {
  const hosts: Host[] = [];
  let exporter: InMemorySpanExporter;
  let provider: TracerProvider;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  });

  afterEach(async () => {
    for (const host of hosts.splice(0)) if (host.state !== 'created' && host.state !== 'stopped') await host.stop();
    // Registered by the tests only; Baton never registers a global provider.
    trace.disable();
    context.disable();
    propagation.disable();
    await provider.shutdown();
  });

  async function start(workflow: Workflow<unknown, unknown>, options: InstrumentationOptions = {}) {
    const clock = new ManualClock({ start: '2026-01-01T00:00:00Z' });
    const host = createHost({ name: 'shop', logger: NullLogger, clock });
    hosts.push(host);
    host.addWorkflow(workflow);
    instrument(host, options);
    await host.start();
    return { host, clock, workflows: host.provider.get(Workflows) };
  }

  /** The spans exported so far (the processor exports each ended span asynchronously). */
  async function finished(): Promise<ReadableSpan[]> {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  }

  const byName = (spans: readonly ReadableSpan[], name: string) => spans.find((span) => span.name === name)!;

  it('should make a span per run and a child span per step, with the attributes and the retried attempt', async () => {
    trace.setGlobalTracerProvider(provider);
    let calls = 0;
    const { workflows } = await start(
      defineWorkflow('sync')
        .step('pull', () => 1)
        .step(
          'push',
          () => {
            if (++calls === 1) throw new Error('try again');
            return 2;
          },
          { retry: { attempts: 2, delay: 0 } },
        ) as Workflow<unknown, unknown>,
    );

    const run = await workflows.trigger('sync');

    const spans = await finished();
    expect(spans.map((span) => span.name).sort()).toStrictEqual(['run sync', 'step pull', 'step push']);
    const root = byName(spans, 'run sync');
    expect(root.attributes).toMatchObject({ 'baton.workflow.name': 'sync', 'baton.run.id': run.id, 'baton.run.trigger': 'manual', 'baton.run.attempt': 1 });
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    expect(root.parentSpanContext).toBeUndefined();
    const push = byName(spans, 'step push');
    expect(push.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(push.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(push.attributes).toMatchObject({ 'baton.step.name': 'push', 'baton.step.attempt': 2, 'baton.run.id': run.id });
    expect(push.events.map((event) => [event.name, event.attributes?.['baton.step.attempt']])).toStrictEqual([['retry', 1]]);
  });

  it('should record the error on a failed step and run, and make a span per compensation', async () => {
    trace.setGlobalTracerProvider(provider);
    const { workflows } = await start(
      defineWorkflow('order')
        .step('reserve', () => 'r1', { compensate: () => undefined })
        .step('charge', () => {
          const error = new Error('card declined') as Error & { code: string };
          error.code = 'CARD_DECLINED';
          throw error;
        }) as Workflow<unknown, unknown>,
    );

    const run = await workflows.trigger('order');
    expect(run.status).toBe('compensated');

    const spans = await finished();
    expect(spans.map((span) => span.name).sort()).toStrictEqual(['compensate reserve', 'run order', 'step charge', 'step reserve']);
    const charge = byName(spans, 'step charge');
    expect(charge.status).toStrictEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
    expect(charge.attributes['error.type']).toBe('CARD_DECLINED');
    expect(charge.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('card declined');
    const compensation = byName(spans, 'compensate reserve');
    expect(compensation.parentSpanContext?.spanId).toBe(byName(spans, 'run order').spanContext().spanId);
    expect(compensation.attributes).toMatchObject({ 'baton.step.name': 'reserve', 'baton.workflow.name': 'order' });
    expect(compensation.status.code).toBe(SpanStatusCode.UNSET);
    // Compensated: the run did not do its work, and says why.
    expect(byName(spans, 'run order').status.code).toBe(SpanStatusCode.UNSET);
    expect(byName(spans, 'run order').attributes['baton.run.status']).toBe('compensated');
  });

  it('should link a run triggered by hand to the span active where it was triggered', async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    const { workflows } = await start(defineWorkflow('sync').step('pull', () => 1) as Workflow<unknown, unknown>);
    const request = trace.getTracer('test-http').startSpan('POST /admin/workflows/sync/trigger');

    await context.with(trace.setSpan(context.active(), request), () => workflows.trigger('sync'));
    request.end();

    const run = byName(await finished(), 'run sync');
    expect(run.links.map((link) => link.context.spanId)).toStrictEqual([request.spanContext().spanId]);
    // Linked, not parented: the run is a trace of its own.
    expect(run.spanContext().traceId).not.toBe(request.spanContext().traceId);
  });

  it('should link a run to the span named by the traceContext its trigger passed (a W3C carrier)', async () => {
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const { workflows } = await start(defineWorkflow('sync').step('pull', () => 1) as Workflow<unknown, unknown>);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const spanId = '00f067aa0ba902b7';

    const record = await workflows.trigger('sync', undefined, { traceContext: { traceparent: `00-${traceId}-${spanId}-01` } });

    expect(record.traceContext).toStrictEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    const run = byName(await finished(), 'run sync');
    expect(run.links.map((link) => [link.context.traceId, link.context.spanId])).toStrictEqual([[traceId, spanId]]);
  });

  it('should use the tracerProvider option without a global provider, and make no spans when the app registers no SDK', async () => {
    const { workflows } = await start(defineWorkflow('sync').step('pull', () => 1) as Workflow<unknown, unknown>, { tracing: { tracerProvider: provider } });
    await workflows.trigger('sync');
    expect((await finished()).map((span) => span.name).sort()).toStrictEqual(['run sync', 'step pull']);

    exporter.reset();
    const other = await start(defineWorkflow('other').step('pull', () => 1) as Workflow<unknown, unknown>);
    expect((await other.workflows.trigger('other')).status).toBe('succeeded');
    expect(await finished()).toStrictEqual([]);
  });

  it('should let the SDK time the spans on the system clock, finer than whole milliseconds, each step inside its run', async () => {
    const host = createHost({ name: 'shop', logger: NullLogger });
    hosts.push(host);
    host.addWorkflow(
      defineWorkflow('sync')
        .step('pull', () => 1)
        .step('push', () => 2)
        .step('ack', () => 3) as Workflow<unknown, unknown>,
    );
    instrument(host, { tracing: { tracerProvider: provider } });
    await host.start();
    await host.provider.get(Workflows).trigger('sync');

    const spans = await finished();
    const nanos = (time: readonly [number, number]) => BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
    const run = byName(spans, 'run sync');
    const steps = spans.filter((span) => span.name.startsWith('step '));
    expect(steps).toHaveLength(3);
    for (const step of steps) {
      expect(nanos(step.startTime) >= nanos(run.startTime)).toBe(true);
      expect(nanos(step.endTime) <= nanos(run.endTime)).toBe(true);
    }
    // Date.now() would make every start and end a whole millisecond.
    expect(spans.some((span) => nanos(span.startTime) % 1_000_000n !== 0n || nanos(span.endTime) % 1_000_000n !== 0n)).toBe(true);
  });

  it('should export, in error, the spans of a run whose step still hung when the host stopped', async () => {
    const host = createHost({ name: 'shop', logger: NullLogger, shutdownTimeout: '20ms' });
    hosts.push(host);
    let started!: () => void;
    const stepStarted = new Promise<void>((resolve) => (started = resolve));
    host.addWorkflow(
      defineWorkflow('stuck')
        .step('pull', () => 1)
        .step('hang', () => {
          started();
          // Ignores its signal: the host gives up on it at its shutdown timeout and cancels the run.
          return new Promise<never>(() => {});
        }) as Workflow<unknown, unknown>,
    );
    instrument(host, { tracing: { tracerProvider: provider } });
    await host.start();
    void host.provider
      .get(Workflows)
      .trigger('stuck')
      .catch(() => {});
    await stepStarted;

    await host.stop();

    const spans = await finished();
    expect(spans.map((span) => span.name).sort()).toStrictEqual(['run stuck', 'step hang', 'step pull']);
    const run = byName(spans, 'run stuck');
    const hang = byName(spans, 'step hang');
    expect(hang.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(hang.attributes).toMatchObject({ 'baton.step.name': 'hang', 'baton.step.attempt': 1, 'baton.workflow.name': 'stuck' });
    expect(hang.status.code).toBe(SpanStatusCode.ERROR);
    expect(run.attributes['baton.run.status']).toBe('cancelled');
  });
});
