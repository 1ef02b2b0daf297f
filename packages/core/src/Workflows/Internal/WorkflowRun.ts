// One run of a workflow, end to end: record, scope, steps, compensation, final record, scope disposal. Whatever
// happens, a recorded run gets exactly one finishRun and its scope is disposed. The run is the state machine; it
// delegates the steps' records, events and contexts to StepJournal, retries, timeouts and parallel groups to
// StepRunner, and compensation to compensate.
import type { ServiceResolver } from '../../DependencyInjection/ServiceResolver.js';
import type { ServiceScope } from '../../DependencyInjection/ServiceScope.js';
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import { NullLogger } from '../../Logging/NullLogger.js';
import type { RunRecord } from '../../Runs/RunRecord.js';
import type { RunOutcome } from '../../Runs/RunStore.js';
import type { CompletedStep } from './compensate.js';
import { compensate } from './compensate.js';
import { disposeAll } from '../../DependencyInjection/Internal/disposeAll.js';
import { isPromiseLike } from './isPromiseLike.js';
import { optional } from './optional.js';
import type { RunDependencies, RunRequest } from './RunRequest.js';
import { idempotencyKey } from './RunRequest.js';
import type { Outcome } from './runRecords.js';
import { abortStatus, finalRecord, NO_STEPS, outcomeRecord } from './runRecords.js';
import { SETTLED } from './StepAttempt.js';
import { StepJournal } from './StepJournal.js';
import type { StepResult } from './StepRunner.js';
import { runGroup, runMember } from './StepRunner.js';
import { summarize } from './summarize.js';
import { toRunError } from './toRunError.js';
import type { WorkflowAbort } from './WorkflowAbort.js';
import type { WorkflowDefinition } from './WorkflowDefinition.js';

function noop(): void {}


export class WorkflowRun {
  readonly #def: WorkflowDefinition;
  readonly #deps: RunDependencies;
  readonly #request: RunRequest;
  readonly #log: Logger;
  readonly #quiet: boolean;
  /** The steps' records, events, log lines and contexts. */
  readonly #journal: StepJournal;
  /** The completed steps that have a compensation (made on the first). */
  #completed: CompletedStep[] | undefined;
  // The run's DI scope and its resolver over late bindings and the scope: made on the first `get` of a step (most
  // no-op steps never resolve anything); it sees the bindings as they are when it resolves.
  #scope: ServiceScope | undefined;
  #forRun: { readonly resolver: ServiceResolver; readonly owned: object[] } | undefined;
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
    // True when the logger discards everything (NullLogger): log fields are then not even built.
    this.#quiet = this.#log === NullLogger;
    const key = idempotencyKey(def.name, request.trigger, request.scheduledAt, request.id);
    this.#journal = new StepJournal(deps, request, def.name, key, this.#log, this.#quiet, this);
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
    const key = this.#journal.idempotencyKey;
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
      record = finalRecord(base, finished, this.#journal.handOver());
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
  // and a parallel group run in the async runMember and runGroup (StepRunner).

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
      const running = step.parallel ? runGroup(this.#journal, step, input, this.#signal) : runMember(this.#journal, step, step.name, undefined, step.members[0]!.run, input, this.#signal);
      return this.#continueFrom(running, index, input);
    }
    const startedAt = this.#takeInstant();
    const log = this.#journal.stepLog(step.name);
    const began = this.#journal.begin(step.name, undefined, 1, startedAt, undefined, log);
    if (began === undefined) return this.#call(index, input, startedAt, log);
    void began.then(() => this.#guard(() => this.#call(index, input, startedAt, log)));
  }

  /** The first attempt of the plain step `index`, on the run's own signal. */
  #call(index: number, input: unknown, startedAt: number, log: Logger): void {
    const signal = this.#signal;
    if (signal.aborted) return this.#firstAttemptFailed(index, input, startedAt, signal.reason);
    let result: unknown;
    try {
      result = this.#def.steps[index]!.members[0]!.run(this.#journal.context(input, signal, log, 1));
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

  /** The run aborted: the plain step in flight, if any, is abandoned (and recorded as cancelled by runMember). */
  #abandon(): void {
    this.#onStepError(this.#signal.reason);
  }

  #firstAttemptSucceeded(index: number, input: unknown, startedAt: number, log: Logger, output: unknown): void {
    const finishedAt = this.#deps.clock.now();
    const done = this.#journal.succeeded(this.#def.steps[index]!.name, undefined, 1, startedAt, output, log, finishedAt);
    if (done !== undefined) return void done.then(() => this.#guard(() => this.#stepDone(index, input, output, 1)));
    // Nothing ran since the step's end (a synchronous write, no listener): the next step starts at that instant.
    if (!this.#deps.events.has('step.finished')) this.#instant = finishedAt;
    this.#stepDone(index, input, output, 1);
  }

  /** Goes on from a failed first attempt in runMember: retries, or the step's end as failed, timed out or cancelled. */
  #firstAttemptFailed(index: number, input: unknown, startedAt: number, thrown: unknown): void {
    const step = this.#def.steps[index]!;
    this.#continueFrom(runMember(this.#journal, step, step.name, undefined, step.members[0]!.run, input, this.#signal, { startedAt, thrown }), index, input);
  }

  #continueFrom(running: Promise<StepResult>, index: number, input: unknown): void {
    running.then(
      ({ output, attempts }) => this.#guard(() => this.#stepDone(index, input, output, attempts)),
      (error: unknown) => this.#failed(error),
    );
  }

  #stepDone(index: number, input: unknown, output: unknown, attempts: number): void {
    const step = this.#def.steps[index]!;
    // Only steps with a compensation are ever read back (by compensate).
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
      if (this.#def.settings.compensateOnAbort) await compensate(this.#journal, this.#completed, this.#deps.compensationSignal);
      return { status: abortStatus(reason), error: toRunError(reason) };
    }
    const failure = toRunError(error);
    const compensation = await compensate(this.#journal, this.#completed, this.#deps.compensationSignal);
    return { status: compensation === 'none' ? 'failed' : compensation === 'ok' ? 'compensated' : 'compensation_failed', error: failure };
  }

  /** The instant kept by the last synchronous transition (and forgotten), or the clock's now. */
  #takeInstant(): number {
    const instant = this.#instant;
    if (instant === undefined) return this.#deps.clock.now();
    this.#instant = undefined;
    return instant;
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

}
