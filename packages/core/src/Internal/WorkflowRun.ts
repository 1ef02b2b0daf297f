// One run of a workflow, end to end: record, scope, steps (retries, timeouts, parallel groups), compensation,
// final record, scope disposal. Whatever happens, a recorded run gets exactly one finishRun and its scope is disposed.
import type { ScopeFactory } from '../DependencyInjection/ScopeFactory.js';
import type { ServiceResolver } from '../DependencyInjection/ServiceResolver.js';
import type { ServiceScope } from '../DependencyInjection/ServiceScope.js';
import type { ServiceKey } from '../DependencyInjection/Token.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { toError } from '../Errors/toError.js';
import type { Logger } from '../Logging/Logger.js';
import { NullLogger } from '../Logging/NullLogger.js';
import type { RunError, RunRecord, RunTrigger } from '../Runs/RunRecord.js';
import type { RunOutcome, RunStore } from '../Runs/RunStore.js';
import type { StepRunRecord } from '../Runs/StepRunRecord.js';
import type { Clock } from '../Time/Clock.js';
import type { RunInfo } from '../Workflows/StepContext.js';
import type { WorkflowEvents } from '../Workflows/Workflows.js';
import type { SignalSource } from './StepAttempt.js';
import { rejectWhenAborted, SETTLED, StepAttempt } from './StepAttempt.js';
import { disposeAll } from './disposeAll.js';
import { isPromiseLike } from './isPromiseLike.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';
import { retryDelay } from './retryDelay.js';
import { RunRecorder, stepRecord } from './RunRecorder.js';
import { RunStepContext } from './RunStepContext.js';
import { summarize } from './summarize.js';
import { toRunError } from './toRunError.js';
import { WorkflowAbort } from './WorkflowAbort.js';
import type { ErasedStep, StepDefinition, WorkflowDefinition } from './WorkflowDefinition.js';

export interface RunDependencies {
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: RunStore;
  readonly scopes: ScopeFactory;
  readonly events: EventHub<WorkflowEvents>;
  readonly late: LateBindings;
  /** Signal for compensations: aborts only when the host's shutdown budget runs out. */
  readonly compensationSignal: AbortSignal;
}

export interface RunRequest {
  readonly id: string;
  readonly trigger: RunTrigger;
  readonly scheduledAt: number;
  readonly input: unknown;
  /** Aborted with a BatonError reason: BATON_ERR_WORKFLOW_RUN_CANCELLED or BATON_ERR_WORKFLOW_RUN_TIMEOUT. */
  readonly controller: WorkflowAbort;
  /** Called once, synchronously, when the run is over (recorded or not), before `execute()` settles. */
  settled?(): void;
}

type Completed = { readonly step: StepDefinition; readonly input: unknown; readonly output: unknown; readonly attempts: number };
type Outcome = Omit<RunOutcome, 'finishedAt'>;

function noop(): void {}

export function idempotencyKey(workflow: string, trigger: RunTrigger, scheduledAt: number, runId: string): string {
  return trigger === 'schedule' ? `${workflow}@${new Date(scheduledAt).toISOString()}` : `${workflow}@manual:${runId}`;
}

export class WorkflowRun {
  readonly #def: WorkflowDefinition;
  readonly #deps: RunDependencies;
  readonly #request: RunRequest;
  readonly #log: Logger;
  readonly #recorder: RunRecorder;
  /** The completed steps that have a compensation (made on the first). */
  #completed: Completed[] | undefined;
  // True when the logger discards everything (NullLogger): log fields are then not even built.
  readonly #quiet: boolean;
  // The run's DI scope and its resolver over late bindings and the scope: made on the first `get` of a step (most
  // no-op steps never resolve anything); it sees the bindings as they are when it resolves.
  #scope: ServiceScope | undefined;
  #forRun: { readonly resolver: ServiceResolver; readonly owned: object[] } | undefined;
  #idempotencyKey = '';
  /** The run info of first attempts, shared by every step's first attempt. */
  #firstAttempt: RunInfo | undefined;
  #get: (<T>(key: ServiceKey<T>) => T) | undefined;
  /**
   * The instant of the last transition, kept only while nothing has run since (no await, no step, no listener): the
   * next transition happens at that same instant, and does not read the clock again.
   */
  #instant: number | undefined;
  #resolveRun: (record: RunRecord) => void = noop;
  #rejectRun: (error: unknown) => void = noop;
  #isOver = false;
  /** The run's record as created. */
  #base: RunRecord | undefined;
  /** The run's timeout, when it has one. */
  #timer: AbortController | undefined;
  readonly #onAbort = (): void => this.#abandon();
  // The first attempt of a plain step while its promise is pending: its index (-1: none), input, start and logger.
  #pendingIndex = -1;
  #pendingInput: unknown;
  #pendingStartedAt = 0;
  #pendingLog: Logger = NullLogger;

  constructor(def: WorkflowDefinition, deps: RunDependencies, request: RunRequest) {
    this.#def = def;
    this.#deps = deps;
    this.#request = request;
    this.#log = deps.log === NullLogger ? NullLogger : deps.log.child({ workflow: def.name, runId: request.id });
    this.#quiet = this.#log === NullLogger;
    this.#recorder = new RunRecorder(deps.store, request.id, this.#log);
  }

  get #signal(): WorkflowAbort {
    return this.#request.controller;
  }

  /**
   * Records, runs and finishes the run; resolves with its final record.
   * @throws BATON_ERR_RUNS_STORE_FAILED if the run could not be recorded (then nothing ran).
   *
   * @remarks One promise per run, settled from callbacks (see #runSteps): record the start (#start), run the steps
   * (#next), then dispose the scope, record the end and report (#end, #finish, #finished). With a synchronous store
   * and steps that return promises, a run takes no turn of the event loop but its steps' own.
   */
  execute(): Promise<RunRecord> {
    return new Promise<RunRecord>((resolve, reject) => {
      this.#resolveRun = resolve;
      this.#rejectRun = reject;
      try {
        this.#start();
      } catch (error) {
        this.#notRecorded(error);
      }
    });
  }

  /** Creates the run's record; the steps start once it is written. */
  #start(): void {
    const { clock, store, events } = this.#deps;
    const { id, trigger, scheduledAt, input } = this.#request;
    const workflow = this.#def.name;
    const key = idempotencyKey(workflow, trigger, scheduledAt, id);
    this.#idempotencyKey = key;
    // A manual run starts as it is triggered (synchronously): its trigger time is its start.
    const startedAt = trigger === 'manual' ? scheduledAt : clock.now();
    const inputSummary = summarize(input);
    const base: RunRecord =
      inputSummary === undefined
        ? { id, workflow, status: 'running', trigger, scheduledAt, idempotencyKey: key, startedAt, attempt: 1, steps: NO_STEPS }
        : { id, workflow, status: 'running', trigger, scheduledAt, idempotencyKey: key, startedAt, attempt: 1, inputSummary, steps: NO_STEPS };
    this.#base = base;
    const write = store.createRun(base);
    if (isPromiseLike(write)) {
      write.then(
        () => this.#started(),
        (error: unknown) => this.#notRecorded(error),
      );
      return;
    }
    if (!events.has('run.started')) this.#instant = startedAt;
    this.#started();
  }

  #notRecorded(error: unknown): void {
    const { id } = this.#request;
    try {
      this.#log.error('Workflow run could not be recorded; it did not run', { error: toError(error) });
    } finally {
      this.#over();
      this.#rejectRun(new BatonError(BatonErrorCode.RunsStoreFailed, `Run ${id} of workflow '${this.#def.name}' could not be recorded, so it did not run.`, { cause: error }));
    }
  }

  /** The run is recorded: report it, arm its timeout and run its steps. */
  #started(): void {
    try {
      this.#startSteps();
    } catch (error) {
      this.#failed(error);
    }
  }

  #startSteps(): void {
    const { clock, events } = this.#deps;
    const { id, trigger, scheduledAt, input } = this.#request;
    if (!this.#quiet) this.#log.info('Workflow run started', { trigger, scheduledAt });
    if (events.has('run.started')) events.emit('run.started', { run: this.#base! });
    // Only a run with a timeout has a timer (and its AbortController).
    const { timeoutMs } = this.#def.settings;
    if (timeoutMs !== undefined) {
      const timer = (this.#timer = new AbortController());
      void clock.sleep(timeoutMs, timer.signal).then((elapsed) => {
        if (elapsed) {
          this.#request.controller.abort(new BatonError(BatonErrorCode.WorkflowRunTimeout, `Run ${id} of workflow '${this.#def.name}' timed out after ${timeoutMs} ms.`));
        }
      });
    }
    this.#signal.subscribe(this.#onAbort);
    this.#next(0, input);
  }


  /** The steps are over (#next after the last, or #failed): dispose the scope, then record the end. Called once. */
  #end(outcome: Outcome): void {
    this.#signal.unsubscribe(this.#onAbort);
    this.#timer?.abort(SETTLED);
    const scope = this.#scope;
    if (scope === undefined) return this.#finish(outcome, this.#takeInstant());
    void this.#disposeScope(scope).then(() => this.#finish(outcome, this.#deps.clock.now()));
  }

  #finish(outcome: Outcome, finishedAt: number): void {
    const finished = outcomeRecord(outcome, finishedAt);
    const failed = (error: unknown): void => this.#log.error('Recording the end of the workflow run failed', { error: toError(error), status: finished.status });
    let write: unknown;
    try {
      write = this.#deps.store.finishRun(this.#request.id, finished);
    } catch (error) {
      failed(error);
    }
    if (!isPromiseLike(write)) return this.#finished(finished);
    write.then(
      () => this.#finished(finished),
      (error: unknown) => {
        failed(error);
        this.#finished(finished);
      },
    );
  }

  /** Reports the final record and settles the run (after `settled`, so the run has left its workflow's runs). */
  #finished(finished: RunOutcome): void {
    let record: RunRecord | undefined;
    try {
      const base = this.#base!;
      record = finalRecord(base, finished, this.#recorder.handOver());
      if (!this.#quiet) {
        const fields = { status: record.status, durationMs: finished.finishedAt - base.startedAt, ...optional('error', finished.error?.message) };
        if (record.status === 'succeeded' || record.status === 'cancelled') this.#log.info('Workflow run finished', fields);
        else this.#log.error('Workflow run finished', fields);
      }
      const { events } = this.#deps;
      if (events.has('run.finished')) events.emit('run.finished', { run: record });
    } catch (error) {
      this.#over();
      return this.#rejectRun(error);
    }
    this.#over();
    this.#resolveRun(record);
  }

  /** The run has left its workflow's runs in flight (once). */
  #over(): void {
    const request = this.#request;
    if (this.#isOver) return;
    this.#isOver = true;
    request.settled?.();
  }

  async #disposeScope(scope: ServiceScope): Promise<void> {
    try {
      const owned = this.#forRun?.owned;
      if (owned !== undefined && owned.length > 0) await disposeAll(owned, 'late bindings of the run');
      await scope.dispose();
    } catch (error) {
      this.#log.error('Disposing the run scope failed', { error: toError(error) });
    }
  }

  // The steps run as a state machine rather than an async loop: a plain step without a timeout is called at once and
  // goes on from its promise's callbacks, and the run's abort (cancel, run timeout, host stop) reaches it through the
  // run's one subscription (#abandon), so its attempt costs no promise of its own. A step that ignores its signal is
  // abandoned: its late callback finds nothing pending. A failed first attempt and its retries, a step with a timeout
  // and a parallel group run in the async #runMember and #runGroup.

  /** Starts step `index` with `input`, or settles the steps' success after the last. */
  #next(index: number, input: unknown): void {
    const steps = this.#def.steps;
    if (index === steps.length) {
      const outputSummary = summarize(input);
      return this.#end(outputSummary === undefined ? { status: 'succeeded' } : { status: 'succeeded', outputSummary });
    }
    const step = steps[index]!;
    if (step.parallel || step.timeoutMs !== undefined) {
      this.#instant = undefined;
      const running = step.parallel ? this.#runGroup(step, input) : this.#runMember(step, step.name, undefined, step.members[0]!.run, input, this.#signal);
      return this.#continueFrom(running, index, input);
    }
    const startedAt = this.#takeInstant();
    const log = this.#stepLog(step.name);
    const began = this.#begin(step.name, undefined, 1, startedAt, undefined, log);
    if (began === undefined) return this.#call(index, input, startedAt, log);
    void began.then(() => this.#guard(() => this.#call(index, input, startedAt, log)));
  }

  /** The first attempt of the plain step `index`, on the run's own signal. */
  #call(index: number, input: unknown, startedAt: number, log: Logger): void {
    const signal = this.#signal;
    if (signal.aborted) return this.#firstAttemptFailed(index, input, startedAt, signal.reason);
    let result: unknown;
    try {
      result = this.#def.steps[index]!.members[0]!.run(this.#context(input, signal, log, 1));
    } catch (thrown) {
      return this.#firstAttemptFailed(index, input, startedAt, thrown);
    }
    if (!isPromiseLike(result)) return this.#firstAttemptSucceeded(index, input, startedAt, log, result);
    // One plain step is pending at a time, and none starts after the run aborts (abort is terminal), so the run's
    // two handlers, made once, serve every step: a late callback of an abandoned step finds nothing pending.
    this.#pendingIndex = index;
    this.#pendingInput = input;
    this.#pendingStartedAt = startedAt;
    this.#pendingLog = log;
    result.then(this.#onStepValue, this.#onStepError);
    // The step may have aborted the run itself (say, Workflows.cancel) before returning its promise.
    if (signal.aborted) this.#abandon();
  }

  /** Takes the pending plain step (its index, or -1 when none is pending). */
  #takePending(): number {
    const index = this.#pendingIndex;
    this.#pendingIndex = -1;
    return index;
  }

  readonly #onStepValue = (output: unknown): void => {
    const index = this.#takePending();
    if (index === -1) return;
    try {
      this.#firstAttemptSucceeded(index, this.#pendingInput, this.#pendingStartedAt, this.#pendingLog, output);
    } catch (error) {
      this.#failed(error);
    }
  };

  readonly #onStepError = (thrown: unknown): void => {
    const index = this.#takePending();
    if (index === -1) return;
    try {
      this.#firstAttemptFailed(index, this.#pendingInput, this.#pendingStartedAt, thrown);
    } catch (error) {
      this.#failed(error);
    }
  };

  /** The run aborted: the plain step in flight, if any, is abandoned (and recorded as cancelled by #runMember). */
  #abandon(): void {
    this.#onStepError(this.#signal.reason);
  }

  #firstAttemptSucceeded(index: number, input: unknown, startedAt: number, log: Logger, output: unknown): void {
    const finishedAt = this.#deps.clock.now();
    const done = this.#succeeded(this.#def.steps[index]!.name, undefined, 1, startedAt, output, log, finishedAt);
    if (done !== undefined) return void done.then(() => this.#guard(() => this.#stepDone(index, input, output, 1)));
    // Nothing ran since the step's end (a synchronous write, no listener): the next step starts at that instant.
    if (!this.#deps.events.has('step.finished')) this.#instant = finishedAt;
    this.#stepDone(index, input, output, 1);
  }

  /** Goes on from a failed first attempt in #runMember: retries, or the step's end as failed, timed out or cancelled. */
  #firstAttemptFailed(index: number, input: unknown, startedAt: number, thrown: unknown): void {
    const step = this.#def.steps[index]!;
    this.#continueFrom(this.#runMember(step, step.name, undefined, step.members[0]!.run, input, this.#signal, { startedAt, thrown }), index, input);
  }

  #continueFrom(running: Promise<{ output: unknown; attempts: number }>, index: number, input: unknown): void {
    running.then(
      ({ output, attempts }) => this.#guard(() => this.#stepDone(index, input, output, attempts)),
      (error: unknown) => this.#failed(error),
    );
  }

  #stepDone(index: number, input: unknown, output: unknown, attempts: number): void {
    const step = this.#def.steps[index]!;
    // Only steps with a compensation are ever read back (by #compensate).
    if (step.compensate !== undefined) (this.#completed ??= []).push({ step, input, output, attempts });
    this.#next(index + 1, output);
  }

  /** Runs `work`; what it throws fails the run's steps (it would be a bug here, not a step's failure). */
  #guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#failed(error);
    }
  }

  /** A step failed for good or the run aborted: compensate as the settings say, then settle the outcome. */
  #failed(error: unknown): void {
    this.#instant = undefined;
    this.#failure(error).then(
      (outcome) => this.#end(outcome),
      (thrown: unknown) => this.#end({ status: 'failed', error: toRunError(thrown) }),
    );
  }

  async #failure(error: unknown): Promise<Outcome> {
    const signal = this.#signal;
    if (signal.aborted) {
      const reason = signal.reason as unknown;
      if (this.#def.settings.compensateOnAbort) await this.#compensate();
      return { status: abortStatus(reason), error: toRunError(reason) };
    }
    const failure = toRunError(error);
    const compensation = await this.#compensate();
    return { status: compensation === 'none' ? 'failed' : compensation === 'ok' ? 'compensated' : 'compensation_failed', error: failure };
  }

  async #runGroup(step: StepDefinition, input: unknown): Promise<{ output: unknown; attempts: number }> {
    const group = new WorkflowAbort();
    const onAbort = (): void => group.abort(this.#signal.reason);
    this.#signal.subscribe(onAbort);
    let firstFailure: { error: unknown } | undefined;
    try {
      const settled = await Promise.allSettled(
        step.members.map(async ({ key, run }) => {
          try {
            return await this.#runMember(step, `${step.name}.${key!}`, step.name, run, input, group);
          } catch (error) {
            if (firstFailure === undefined && !group.aborted) {
              firstFailure = { error };
              group.abort(error);
            }
            throw error;
          }
        }),
      );
      if (this.#signal.aborted) throw this.#signal.reason;
      if (firstFailure !== undefined) throw firstFailure.error;
      const output: Record<string, unknown> = {};
      let attempts = 0;
      settled.forEach((result, index) => {
        const value = (result as PromiseFulfilledResult<{ output: unknown; attempts: number }>).value;
        output[step.members[index]!.key!] = value.output;
        attempts = Math.max(attempts, value.attempts);
      });
      return { output, attempts };
    } finally {
      this.#signal.unsubscribe(onAbort);
    }
  }

  /**
   * Runs a step (or a member of a parallel group) to its end: attempts, retries, records. `failed`: its first attempt
   * already ran (in #runSteps) and threw; go on from there.
   */
  async #runMember(
    step: StepDefinition,
    name: string,
    group: string | undefined,
    run: ErasedStep,
    input: unknown,
    parent: WorkflowAbort,
    failed?: { readonly startedAt: number; readonly thrown: unknown },
  ): Promise<{ output: unknown; attempts: number }> {
    const log = this.#stepLog(name);
    const startedAt = failed?.startedAt ?? this.#deps.clock.now();
    // The error of the last failed attempt: the record carries it while the step is retried.
    let lastError: RunError | undefined;
    let attempt = 1;
    if (failed !== undefined) {
      lastError = await this.#attemptFailed(step, name, group, attempt, startedAt, parent, log, failed.thrown);
      attempt++;
    }
    for (; ; attempt++) {
      const began = this.#begin(name, group, attempt, startedAt, lastError, log);
      if (began !== undefined) await began;
      try {
        const attempted = this.#attempt(step, name, run, input, parent, log, attempt);
        // A step that returned a plain value is not awaited: no turn of the event loop for it.
        const output = isPromiseLike(attempted) ? await attempted : attempted;
        const done = this.#succeeded(name, group, attempt, startedAt, output, log);
        if (done !== undefined) await done;
        return { output, attempts: attempt };
      } catch (thrown) {
        // Throws unless the step is retried.
        lastError = await this.#attemptFailed(step, name, group, attempt, startedAt, parent, log, thrown);
      }
    }
  }

  #stepLog(name: string): Logger {
    return this.#quiet ? this.#log : this.#log.child({ step: name });
  }

  /** Records that an attempt begins (and, for the first, logs and emits `step.started`); a promise if the write is async. */
  #begin(name: string, group: string | undefined, attempt: number, startedAt: number, lastError: RunError | undefined, log: Logger): Promise<void> | undefined {
    const began = this.#recorder.step(stepRecord(name, group, 'running', attempt, startedAt, lastError, undefined, undefined));
    if (attempt === 1) {
      if (!this.#quiet) log.debug('Step started');
      const { events } = this.#deps;
      if (events.has('step.started')) events.emit('step.started', { workflow: this.#def.name, runId: this.#request.id, step: name, attempt });
    }
    return began;
  }

  /** Calls the step once: its value, or a promise of it raced against `parent` and the step's timeout. */
  #attempt(step: StepDefinition, name: string, run: ErasedStep, input: unknown, parent: WorkflowAbort, log: Logger, attempt: number): unknown {
    const source = new StepAttempt(parent);
    const { timeoutMs } = step;
    const workflow = this.#def.name;
    return source.run(
      run,
      this.#context(input, source, log, attempt),
      timeoutMs === undefined
        ? undefined
        : { ms: timeoutMs, clock: this.#deps.clock, message: () => `Step '${name}' of workflow '${workflow}' timed out after ${timeoutMs} ms (attempt ${attempt}).` },
    );
  }

  /** Records a step's success; a promise if the write is async. */
  #succeeded(name: string, group: string | undefined, attempt: number, startedAt: number, output: unknown, log: Logger, finishedAt?: number): Promise<void> | undefined {
    const done = this.#finishStep(name, group, 'succeeded', attempt, startedAt, undefined, summarize(output), finishedAt);
    if (!this.#quiet) log.info('Step succeeded', { attempts: attempt });
    return done;
  }

  /** Records a failed attempt: returns its error when the step is retried (after the delay), else throws. */
  async #attemptFailed(
    step: StepDefinition,
    name: string,
    group: string | undefined,
    attempt: number,
    startedAt: number,
    parent: WorkflowAbort,
    log: Logger,
    thrown: unknown,
  ): Promise<RunError> {
    const { clock, events } = this.#deps;
    if (parent.aborted) {
      await this.#finishStep(name, group, 'cancelled', attempt, startedAt, toRunError(parent.reason), undefined);
      throw parent.reason;
    }
    const error = toError(thrown);
    const runError = toRunError(error);
    if (attempt < step.retry.attempts && this.#shouldRetry(step, error, log)) {
      const delayMs = retryDelay(step.retry, attempt);
      await this.#recorder.step(stepRecord(name, group, 'running', attempt, startedAt, runError, undefined, undefined));
      log.warn('Step attempt failed; retrying', { attempt, delayMs, error: runError.message });
      events.emit('step.retried', { workflow: this.#def.name, runId: this.#request.id, step: name, attempt, delayMs, error: runError });
      if (!(await clock.sleep(delayMs, parent.signal))) {
        await this.#finishStep(name, group, 'cancelled', attempt, startedAt, toRunError(parent.reason), undefined);
        throw parent.reason;
      }
      return runError;
    }
    await this.#finishStep(name, group, BatonError.is(error, BatonErrorCode.WorkflowStepTimeout) ? 'timed_out' : 'failed', attempt, startedAt, runError, undefined);
    log.error('Step failed', { attempts: attempt, error: runError.message });
    throw error;
  }

  /**
   * Records the step's final state and emits `step.finished` once it is written. Never rejects; returns `undefined`
   * when the store wrote synchronously (the event is then already emitted).
   */
  #finishStep(
    name: string,
    group: string | undefined,
    status: StepRunRecord['status'],
    attempts: number,
    startedAt: number,
    error: RunError | undefined,
    outputSummary: string | undefined,
    finishedAt = this.#deps.clock.now(),
  ): Promise<void> | undefined {
    const record = stepRecord(name, group, status, attempts, startedAt, error, outputSummary, finishedAt);
    const write = this.#recorder.step(record);
    if (write === undefined) return void this.#stepFinished(record);
    return write.then(() => this.#stepFinished(record));
  }

  #stepFinished(record: StepRunRecord): void {
    const { events } = this.#deps;
    if (events.has('step.finished')) events.emit('step.finished', { workflow: this.#def.name, runId: this.#request.id, step: record.name, record });
  }

  /** The instant kept by the last synchronous transition (and forgotten), or the clock's now. */
  #takeInstant(): number {
    const instant = this.#instant;
    if (instant === undefined) return this.#deps.clock.now();
    this.#instant = undefined;
    return instant;
  }

  #shouldRetry(step: StepDefinition, error: Error, log: Logger): boolean {
    if (step.retry.retryIf === undefined) return true;
    try {
      return step.retry.retryIf(error) === true;
    } catch (thrown) {
      log.error('retryIf threw; not retrying', { error: toError(thrown) });
      return false;
    }
  }

  /** Runs the completed steps' compensations in reverse order; every one runs even if another throws. */
  async #compensate(): Promise<'none' | 'ok' | 'failed'> {
    const targets = (this.#completed ?? []).filter((entry) => entry.step.compensate !== undefined).reverse();
    if (targets.length === 0) return 'none';
    const { clock, events, compensationSignal } = this.#deps;
    let failed = false;
    for (const { step, input, output, attempts } of targets) {
      const names = step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name];
      const event = { workflow: this.#def.name, runId: this.#request.id, step: step.name };
      const log = this.#log.child({ step: step.name });
      const startedAt = clock.now();
      await this.#recorder.compensation(names, { status: 'running', startedAt });
      log.info('Compensation started');
      events.emit('compensation.started', event);
      let error: RunError | undefined;
      try {
        const running = Promise.resolve().then(() => step.compensate!(this.#context(input, { signal: compensationSignal }, log, attempts), output));
        await Promise.race([running, rejectWhenAborted(compensationSignal)]);
      } catch (thrown) {
        error = toRunError(thrown);
        failed = true;
      }
      await this.#recorder.compensation(names, { status: error === undefined ? 'succeeded' : 'failed', startedAt, finishedAt: clock.now(), ...optional('error', error) });
      if (error === undefined) log.info('Compensation succeeded');
      else log.error('Compensation failed', { error: error.message });
      events.emit('compensation.finished', { ...event, ...optional('error', error) });
    }
    return failed ? 'failed' : 'ok';
  }

  /** The run's resolving function (its contexts' `get`), made on the first ask. */
  get resolve(): <T>(key: ServiceKey<T>) => T {
    return (this.#get ??= <T>(key: ServiceKey<T>): T => this.#resolve(key));
  }

  #resolve<T>(key: ServiceKey<T>): T {
    if (this.#forRun === undefined) {
      this.#scope ??= this.#deps.scopes.createScope();
      this.#forRun = this.#deps.late.forRun(this.#scope);
    }
    return this.#forRun.resolver.get(key);
  }

  #context(input: unknown, signal: SignalSource, log: Logger, attempt: number): RunStepContext {
    const info = attempt === 1 ? (this.#firstAttempt ??= this.#info(1)) : this.#info(attempt);
    return new RunStepContext(this, input, signal, log, info);
  }

  #info(attempt: number): RunInfo {
    const { id, trigger, scheduledAt } = this.#request;
    return Object.freeze({ id, workflow: this.#def.name, attempt, scheduledAt, trigger, idempotencyKey: this.#idempotencyKey });
  }
}

function abortStatus(reason: unknown): 'timed_out' | 'cancelled' {
  return BatonError.is(reason, BatonErrorCode.WorkflowRunTimeout) ? 'timed_out' : 'cancelled';
}

const NO_STEPS: readonly StepRunRecord[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The outcome `finishRun` writes: status, then error and output summary when set, then finishedAt. */
function outcomeRecord(outcome: Outcome, finishedAt: number): RunOutcome {
  // The run's own outcome object, completed in place (its keys already in order).
  const record = outcome as Mutable<RunOutcome>;
  record.finishedAt = finishedAt;
  return record;
}

/** The run's final record: what it was created with, its outcome and its steps (as `{ ...base, ...finished, steps }`). */
function finalRecord(base: RunRecord, finished: RunOutcome, steps: StepRunRecord[]): RunRecord {
  const { id, workflow, trigger, scheduledAt, idempotencyKey, startedAt, attempt, inputSummary } = base;
  const record: Mutable<RunRecord> =
    inputSummary === undefined
      ? { id, workflow, status: finished.status, trigger, scheduledAt, idempotencyKey, startedAt, attempt, steps }
      : { id, workflow, status: finished.status, trigger, scheduledAt, idempotencyKey, startedAt, attempt, inputSummary, steps };
  if (finished.error !== undefined) record.error = finished.error;
  if (finished.outputSummary !== undefined) record.outputSummary = finished.outputSummary;
  record.finishedAt = finished.finishedAt;
  return record;
}

/** `{ [key]: value }`, or `{}` when value is undefined (records never carry `key: undefined`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
