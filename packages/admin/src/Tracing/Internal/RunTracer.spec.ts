import type { RunRecord, WorkflowEvents, Workflows } from '@baton/core';
import { ManualClock } from '@baton/testing';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { RunTracer } from './RunTracer.js';

/** Just the `on` of Workflows, so that a test raises the events a real engine raises only in rare cases. */
class FakeEvents {
  readonly #listeners = new Map<string, ((payload: never) => void)[]>();

  on<E extends keyof WorkflowEvents>(event: E, listener: (payload: WorkflowEvents[E]) => void): () => void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener as (payload: never) => void]);
    return () =>
      this.#listeners.set(
        event,
        (this.#listeners.get(event) ?? []).filter((other) => other !== listener),
      );
  }

  emit<E extends keyof WorkflowEvents>(event: E, payload: WorkflowEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload as never);
  }
}

describe('RunTracer', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const run = { id: 'run-1', workflow: 'sync', trigger: 'schedule', attempt: 1, status: 'running' } as RunRecord;

  afterEach(() => exporter.reset());

  function tracing() {
    const clock = new ManualClock({ start });
    const events = new FakeEvents();
    const unsubscribe = new RunTracer(provider.getTracer('test'), clock).subscribe(events as unknown as Workflows);
    return { clock, events, unsubscribe };
  }

  async function finished(): Promise<ReadableSpan[]> {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  }

  const ms = (time: readonly [number, number]) => time[0] * 1000 + time[1] / 1e6;

  it('should end the span of a step in flight when its run is fenced, from the time the step started', async () => {
    const { clock, events } = tracing();
    events.emit('run.started', { run, lateByMs: 0 });
    await clock.advance(5);
    events.emit('step.started', { workflow: 'sync', runId: run.id, step: 'pull', attempt: 1 });
    await clock.advance(15);
    events.emit('run.fenced', { workflow: 'sync', runId: run.id, reason: { name: 'BatonError', message: 'Taken over.', code: 'BATON_ERR_TEST' } });

    const spans = await finished();
    expect(spans.map((span) => span.name)).toStrictEqual(['step pull', 'run sync']);
    const [pull, root] = spans as [ReadableSpan, ReadableSpan];
    expect(pull.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect([ms(pull.startTime) - start, ms(pull.endTime) - start]).toStrictEqual([5, 20]);
    expect(pull.attributes).toMatchObject({ 'baton.workflow.name': 'sync', 'baton.run.id': run.id, 'baton.step.name': 'pull', 'baton.step.attempt': 1 });
    expect(root.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'Taken over.' });
  });

  it('should keep the retries of a step in flight as events at the times they happened', async () => {
    const { clock, events } = tracing();
    events.emit('run.started', { run, lateByMs: 0 });
    events.emit('step.started', { workflow: 'sync', runId: run.id, step: 'push', attempt: 1 });
    await clock.advance(10);
    const error = { name: 'Error', message: 'try again' };
    events.emit('step.retried', { workflow: 'sync', runId: run.id, step: 'push', attempt: 1, delayMs: 100, error });
    await clock.advance(100);
    events.emit('step.retried', { workflow: 'sync', runId: run.id, step: 'push', attempt: 2, delayMs: 100, error });

    expect(await finished()).toStrictEqual([]);
    await clock.advance(100);
    events.emit('step.finished', {
      workflow: 'sync',
      runId: run.id,
      step: 'push',
      attempt: 3,
      durationMs: 210,
      record: { name: 'push', status: 'succeeded', attempts: 3 } as WorkflowEvents['step.finished']['record'],
    });

    const [push] = await finished();
    expect(push?.name).toBe('step push');
    expect(push?.events.map((event) => [event.attributes?.['baton.step.attempt'], ms(event.time) - start])).toStrictEqual([
      [1, 10],
      [2, 110],
    ]);
    expect([ms(push!.startTime) - start, ms(push!.endTime) - start, push!.attributes['baton.step.attempt']]).toStrictEqual([0, 210, 3]);
  });

  it('should end the spans still in flight when it unsubscribes', async () => {
    const { events, unsubscribe } = tracing();
    events.emit('run.started', { run, lateByMs: 0 });
    events.emit('compensation.started', { workflow: 'sync', runId: run.id, step: 'reserve' });

    unsubscribe();

    expect((await finished()).map((span) => [span.name, span.status.code])).toStrictEqual([
      ['compensate reserve', SpanStatusCode.UNSET],
      ['run sync', SpanStatusCode.ERROR],
    ]);
  });
});
