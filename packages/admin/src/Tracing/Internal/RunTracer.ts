// One span per run (`run <workflow>`), a child span per step and per compensation, built from the Workflows events
// and timed on the host's Clock. A run triggered by hand is linked to the span that triggered it.
import type { Clock, RunError, RunRecord, Workflows } from '@baton/core';
import { BatonSpanAttributes as A } from '../BatonSpanAttributes.js';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
} from './opentelemetry.js';

/** Statuses that end a run span in error. */
const FAILED: ReadonlySet<string> = new Set(['failed', 'compensation_failed', 'timed_out', 'abandoned']);

interface RunSpans {
  readonly span: Span;
  readonly context: Context;
  readonly attributes: Attributes;
  /** Open step and compensation spans, by `step:<name>` / `compensation:<name>`. */
  readonly children: Map<string, Span>;
}

export class RunTracer {
  readonly #tracer: Tracer;
  readonly #clock: Clock;
  readonly #runs = new Map<string, RunSpans>();

  constructor(tracer: Tracer, clock: Clock) {
    this.#tracer = tracer;
    this.#clock = clock;
  }

  /** Builds spans from the workflows' events; returns the unsubscribe function. */
  subscribe(workflows: Workflows): () => void {
    const unsubscribe = [
      workflows.on('run.started', ({ run }) => this.#runStarted(run)),
      workflows.on('run.finished', ({ run }) => this.#runFinished(run)),
      workflows.on('run.fenced', ({ runId, reason }) => this.#endRun(runId, reason, this.#clock.now())),
      workflows.on('step.started', ({ runId, step, attempt }) => this.#open(runId, `step:${step}`, `step ${step}`, step, attempt)),
      workflows.on('step.retried', ({ runId, step, attempt, delayMs, error }) => {
        this.#runs
          .get(runId)
          ?.children.get(`step:${step}`)
          ?.addEvent(
            'retry',
            { [A.stepAttempt]: attempt, 'baton.retry.delay_ms': delayMs, [A.errorType]: errorType(error), 'exception.message': error.message },
            this.#clock.now(),
          );
      }),
      workflows.on('step.finished', ({ runId, step, attempt, record }) => {
        const error = record.status === 'succeeded' ? undefined : (record.error ?? { name: record.status, message: `The step ended ${record.status}.` });
        this.#close(runId, `step:${step}`, attempt, error);
      }),
      workflows.on('compensation.started', ({ runId, step }) => this.#open(runId, `compensation:${step}`, `compensate ${step}`, step, 1)),
      workflows.on('compensation.finished', ({ runId, step, attempts, error }) => this.#close(runId, `compensation:${step}`, attempts, error)),
    ];
    return () => {
      unsubscribe.forEach((off) => off());
      // Spans of runs still in flight when the host stops: end them, so that they are exported.
      for (const runId of [...this.#runs.keys()])
        this.#endRun(runId, { name: 'Stopped', message: 'The host stopped while the run was in flight.' }, this.#clock.now());
    };
  }

  #runStarted(run: RunRecord): void {
    // A run taken over again (recovered) gets a fresh span.
    this.#endRun(run.id, undefined, this.#clock.now());
    const attributes: Attributes = {
      [A.workflowName]: run.workflow,
      [A.runId]: run.id,
      [A.runTrigger]: run.trigger,
      [A.runAttempt]: run.attempt,
    };
    const links = run.trigger === 'manual' ? this.#triggerLinks(run) : [];
    const span = this.#tracer.startSpan(`run ${run.workflow}`, { kind: SpanKind.INTERNAL, attributes, links, startTime: this.#clock.now() }, ROOT_CONTEXT);
    // Not recorded (no SDK registered, or sampled out): its steps would not be either, so the run costs this one
    // no-op span and nothing is kept for it.
    if (!span.isRecording()) return;
    this.#runs.set(run.id, { span, context: trace.setSpan(ROOT_CONTEXT, span), attributes, children: new Map() });
  }

  /**
   * The span that triggered a manual run: from the W3C carrier the trigger passed (`TriggerOptions.traceContext`,
   * kept as `RunRecord.traceContext`, read with the app's propagator), else the context active at trigger time.
   */
  #triggerLinks(run: RunRecord): Link[] {
    const carrier = run.traceContext;
    const from = carrier === undefined ? context.active() : propagation.extract(ROOT_CONTEXT, carrier);
    const spanContext = trace.getSpanContext(from);
    return spanContext === undefined || !trace.isSpanContextValid(spanContext) ? [] : [{ context: spanContext }];
  }

  #runFinished(run: RunRecord): void {
    const error =
      FAILED.has(run.status) || run.status === 'cancelled' ? (run.error ?? { name: run.status, message: `The run ended ${run.status}.` }) : undefined;
    this.#runs.get(run.id)?.span.setAttribute('baton.run.status', run.status);
    this.#endRun(run.id, error, run.finishedAt ?? this.#clock.now());
  }

  #endRun(runId: string, error: RunError | undefined, at: number): void {
    const spans = this.#runs.get(runId);
    if (spans === undefined) return;
    this.#runs.delete(runId);
    for (const child of spans.children.values()) child.end(at);
    end(spans.span, error, at);
  }

  #open(runId: string, key: string, name: string, step: string, attempt: number): void {
    const spans = this.#runs.get(runId);
    if (spans === undefined) return;
    spans.children.get(key)?.end(this.#clock.now());
    const span = this.#tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [A.workflowName]: spans.attributes[A.workflowName],
          [A.runId]: spans.attributes[A.runId],
          [A.stepName]: step,
          [A.stepAttempt]: attempt,
        },
        startTime: this.#clock.now(),
      },
      spans.context,
    );
    spans.children.set(key, span);
  }

  #close(runId: string, key: string, attempt: number, error: RunError | undefined): void {
    const spans = this.#runs.get(runId);
    const span = spans?.children.get(key);
    if (spans === undefined || span === undefined) return;
    spans.children.delete(key);
    span.setAttribute(A.stepAttempt, attempt);
    end(span, error, this.#clock.now());
  }
}

function end(span: Span, error: RunError | undefined, at: number): void {
  if (error !== undefined) {
    span.setAttribute(A.errorType, errorType(error));
    span.recordException(
      {
        name: error.name,
        message: error.message,
        ...(error.stack !== undefined && { stack: error.stack }),
        ...(error.code !== undefined && { code: error.code }),
      },
      at,
    );
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
  span.end(at);
}

function errorType(error: RunError): string {
  return error.code ?? error.name;
}
