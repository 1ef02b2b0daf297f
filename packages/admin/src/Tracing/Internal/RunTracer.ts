// One span per run (`run <workflow>`), a child span per step and per compensation, built from the Workflows events
// and timed on the host's Clock; on the system clock, finer than its whole milliseconds (see RunSpans.startedAt). A
// run triggered by hand is linked to the span that triggered it.
//
// A step's span is made when the step settles, with the start time its `step.started` recorded (OpenTelemetry's
// startSpan takes a start time for a span whose start has passed). What that buys: the SDK's span start and end run
// back to back, in one turn, while its code is warm, instead of in two turns with the step's I/O between them, which
// leaves the SDK's code and data cold for each (bench/cases/instrumentation.mjs: about 0.03 of the 1.2x target on a
// run of three HTTP steps). Nothing a user sees changes: a span is exported when it ends either way, with the same
// times, parent, attributes and events. It holds because Baton does not make a step's span the active context (no
// span of the app's is made under one while the step runs); a change that does must make the span at the step's start.
import { performance } from 'node:perf_hooks';
import { SystemClock, type Clock, type RunError, type RunRecord, type Workflows } from '@baton/core';
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
  readonly workflow: string;
  readonly runId: string;
  /**
   * On the system clock, the run's start as the clock read it (epoch ms) and as `performance.now()` read it at the
   * same moment: its spans are timed from both, so that a step of a fraction of a millisecond (Date.now() has whole
   * ones) keeps its length and every span lies inside its run. The SDK's own timing would not do: it anchors each
   * span to Date.now() on its own, so a step could end after its run.
   */
  readonly startedAt: number;
  readonly startedAtPerf: number;
  /** Steps in flight, by step name. */
  readonly steps: Map<string, OpenSpan>;
  /** Compensations in flight, by the name of the step they undo; made at the run's first compensation. */
  compensations?: Map<string, OpenSpan>;
}

/** A step or compensation in flight: what its span is made of when it settles. */
interface OpenSpan {
  readonly lane: Lane;
  readonly step: string;
  readonly attempt: number;
  readonly startTime: number;
  /** Its retries so far, as span events. */
  retries?: { readonly attributes: Attributes; readonly at: number }[];
}

type Lane = 'steps' | 'compensations';

export class RunTracer {
  readonly #tracer: Tracer;
  readonly #clock: Clock;
  /** Whether the clock is the system clock, whose times are refined with `performance.now()`. */
  readonly #wall: boolean;
  readonly #runs = new Map<string, RunSpans>();

  constructor(tracer: Tracer, clock: Clock) {
    this.#tracer = tracer;
    this.#clock = clock;
    // Any other clock (a ManualClock in a test host) is used as it is.
    this.#wall = clock instanceof SystemClock;
  }

  /** Now, for the spans of `spans`' run (epoch ms). */
  #now(spans: RunSpans): number {
    return this.#wall ? spans.startedAt + (performance.now() - spans.startedAtPerf) : this.#clock.now();
  }

  /** Builds spans from the workflows' events; returns the unsubscribe function. */
  subscribe(workflows: Workflows): () => void {
    const unsubscribe = [
      workflows.on('run.started', ({ run }) => this.#runStarted(run)),
      workflows.on('run.finished', ({ run }) => this.#runFinished(run)),
      workflows.on('run.fenced', ({ runId, reason }) => this.#endRun(runId, reason)),
      workflows.on('step.started', ({ runId, step, attempt }) => this.#open(runId, 'steps', step, attempt)),
      workflows.on('step.retried', ({ runId, step, attempt, delayMs, error }) => {
        const spans = this.#runs.get(runId);
        const open = spans?.steps.get(step);
        if (spans === undefined || open === undefined) return;
        (open.retries ??= []).push({
          attributes: { [A.stepAttempt]: attempt, 'baton.retry.delay_ms': delayMs, [A.errorType]: errorType(error), 'exception.message': error.message },
          at: this.#now(spans),
        });
      }),
      workflows.on('step.finished', ({ runId, step, attempt, record }) => {
        const error = record.status === 'succeeded' ? undefined : (record.error ?? { name: record.status, message: `The step ended ${record.status}.` });
        this.#close(runId, 'steps', step, attempt, error);
      }),
      workflows.on('compensation.started', ({ runId, step }) => this.#open(runId, 'compensations', step, 1)),
      workflows.on('compensation.finished', ({ runId, step, attempts, error }) => this.#close(runId, 'compensations', step, attempts, error)),
    ];
    return () => {
      unsubscribe.forEach((off) => off());
      // Spans of runs still in flight when the host stops: end them, so that they are exported.
      for (const runId of [...this.#runs.keys()]) this.#endRun(runId, { name: 'Stopped', message: 'The host stopped while the run was in flight.' });
    };
  }

  #runStarted(run: RunRecord): void {
    // A run taken over again (recovered) gets a fresh span.
    this.#endRun(run.id, undefined);
    const attributes: Attributes = {
      [A.workflowName]: run.workflow,
      [A.runId]: run.id,
      [A.runTrigger]: run.trigger,
      [A.runAttempt]: run.attempt,
    };
    const links = run.trigger === 'manual' ? this.#triggerLinks(run) : [];
    const startedAtPerf = performance.now();
    const startedAt = this.#clock.now();
    const span = this.#tracer.startSpan(`run ${run.workflow}`, { kind: SpanKind.INTERNAL, attributes, links, startTime: startedAt }, ROOT_CONTEXT);
    // Not recorded (no SDK registered, or sampled out): its steps would not be either, so the run costs this one
    // no-op span and nothing is kept for it.
    if (!span.isRecording()) return;
    this.#runs.set(run.id, {
      span,
      context: trace.setSpan(ROOT_CONTEXT, span),
      workflow: run.workflow,
      runId: run.id,
      startedAt,
      startedAtPerf,
      steps: new Map(),
    });
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
    const spans = this.#runs.get(run.id);
    if (spans === undefined) return;
    const error =
      FAILED.has(run.status) || run.status === 'cancelled' ? (run.error ?? { name: run.status, message: `The run ended ${run.status}.` }) : undefined;
    spans.span.setAttribute('baton.run.status', run.status);
    // On the system clock, now: the record's whole-millisecond `finishedAt` could fall before its last step's end.
    this.#endRun(run.id, error, this.#wall ? undefined : run.finishedAt);
  }

  /** Ends the spans of a recorded run at `at` (defaults to now); a run not recorded costs one lookup. */
  #endRun(runId: string, error: RunError | undefined, at?: number): void {
    const spans = this.#runs.get(runId);
    if (spans === undefined) return;
    this.#runs.delete(runId);
    at ??= this.#now(spans);
    for (const open of spans.steps.values()) this.#make(spans, open).end(at);
    for (const open of spans.compensations?.values() ?? []) this.#make(spans, open).end(at);
    end(spans.span, error, at);
  }

  /** Records the start of a step (or of its compensation) in a recorded run; a run not recorded costs one lookup. */
  #open(runId: string, lane: Lane, step: string, attempt: number): void {
    const spans = this.#runs.get(runId);
    if (spans === undefined) return;
    const open = lane === 'steps' ? spans.steps : (spans.compensations ??= new Map());
    const now = this.#now(spans);
    const previous = open.get(step);
    if (previous !== undefined) this.#make(spans, previous).end(now);
    open.set(step, { lane, step, attempt, startTime: now });
  }

  #close(runId: string, lane: Lane, step: string, attempts: number, error: RunError | undefined): void {
    const spans = this.#runs.get(runId);
    const open = lane === 'steps' ? spans?.steps : spans?.compensations;
    const settled = open?.get(step);
    if (spans === undefined || open === undefined || settled === undefined) return;
    open.delete(step);
    const span = this.#make(spans, settled);
    // A span opens with attempt 1: only a step settled by a later attempt changes it.
    if (attempts !== 1) span.setAttribute(A.stepAttempt, attempts);
    end(span, error, this.#now(spans));
  }

  /** The span of a step or compensation, started at the time its start was recorded, with its retries. */
  #make(spans: RunSpans, open: OpenSpan): Span {
    const { lane, step } = open;
    const span = this.#tracer.startSpan(
      lane === 'steps' ? `step ${step}` : `compensate ${step}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: { [A.workflowName]: spans.workflow, [A.runId]: spans.runId, [A.stepName]: step, [A.stepAttempt]: open.attempt },
        startTime: open.startTime,
      },
      spans.context,
    );
    for (const retry of open.retries ?? []) span.addEvent('retry', retry.attributes, retry.at);
    return span;
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
