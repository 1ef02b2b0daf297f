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
import type { RunInfo, StepContext } from '../Workflows/StepContext.js';
import type { WorkflowEvents } from '../Workflows/Workflows.js';
import { attemptStep, rejectWhenAborted, SETTLED } from './attemptStep.js';
import { disposeAll } from './disposeAll.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';
import { retryDelay } from './retryDelay.js';
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
}

type Completed = { readonly step: StepDefinition; readonly input: unknown; readonly output: unknown; readonly attempts: number };
type Outcome = Omit<RunOutcome, 'finishedAt'>;

export function idempotencyKey(workflow: string, trigger: RunTrigger, scheduledAt: number, runId: string): string {
  return trigger === 'schedule' ? `${workflow}@${new Date(scheduledAt).toISOString()}` : `${workflow}@manual:${runId}`;
}

export class WorkflowRun {
  readonly #def: WorkflowDefinition;
  readonly #deps: RunDependencies;
  readonly #request: RunRequest;
  readonly #log: Logger;
  readonly #records = new Map<string, StepRunRecord>();
  readonly #completed: Completed[] = [];
  // True when the logger discards everything (NullLogger): log fields are then not even built.
  readonly #quiet: boolean;
  #scope: ServiceScope | undefined;
  // The run's resolver over late bindings and its scope: made on the first `get` of a step (most no-op steps never
  // resolve anything); it sees the bindings as they are when it resolves, as before.
  #forRun: { readonly resolver: ServiceResolver; readonly owned: object[] } | undefined;
  #idempotencyKey = '';

  constructor(def: WorkflowDefinition, deps: RunDependencies, request: RunRequest) {
    this.#def = def;
    this.#deps = deps;
    this.#request = request;
    this.#log = deps.log.child({ workflow: def.name, runId: request.id });
    this.#quiet = this.#log === NullLogger;
  }

  get #signal(): WorkflowAbort {
    return this.#request.controller;
  }

  /**
   * Records, runs and finishes the run; resolves with its final record.
   * @throws BATON_ERR_RUNS_STORE_FAILED if the run could not be recorded (then nothing ran).
   */
  async execute(): Promise<RunRecord> {
    const { clock, store, events } = this.#deps;
    const { id, trigger, scheduledAt, input } = this.#request;
    const workflow = this.#def.name;
    const key = idempotencyKey(workflow, trigger, scheduledAt, id);
    this.#idempotencyKey = key;
    const startedAt = clock.now();
    const inputSummary = summarize(input);
    const base: RunRecord =
      inputSummary === undefined
        ? { id, workflow, status: 'running', trigger, scheduledAt, idempotencyKey: key, startedAt, attempt: 1, steps: [] }
        : { id, workflow, status: 'running', trigger, scheduledAt, idempotencyKey: key, startedAt, attempt: 1, inputSummary, steps: [] };
    try {
      await store.createRun(base);
    } catch (error) {
      this.#log.error('Workflow run could not be recorded; it did not run', { error: toError(error) });
      throw new BatonError(BatonErrorCode.RunsStoreFailed, `Run ${id} of workflow '${this.#def.name}' could not be recorded, so it did not run.`, { cause: error });
    }
    if (!this.#quiet) this.#log.info('Workflow run started', { trigger, scheduledAt });
    if (events.has('run.started')) events.emit('run.started', { run: base });

    // Only a run with a timeout has a timer (and its AbortController).
    const { timeoutMs } = this.#def.settings;
    const timer = timeoutMs === undefined ? undefined : new AbortController();
    if (timer !== undefined) {
      void clock.sleep(timeoutMs!, timer.signal).then((elapsed) => {
        if (elapsed) {
          this.#request.controller.abort(
            new BatonError(BatonErrorCode.WorkflowRunTimeout, `Run ${id} of workflow '${this.#def.name}' timed out after ${timeoutMs} ms.`),
          );
        }
      });
    }

    let scope: ServiceScope | undefined;

    let outcome: Outcome;
    try {
      scope = this.#deps.scopes.createScope();
      this.#scope = scope;
      outcome = await this.#runSteps(input);
    } catch (error) {
      // Only a failure outside the steps lands here (e.g. the provider was disposed).
      outcome = { status: this.#signal.aborted ? abortStatus(this.#signal.reason) : 'failed', error: toRunError(error) };
    } finally {
      timer?.abort(SETTLED);
    }

    try {
      const owned = this.#forRun?.owned;
      if (owned !== undefined && owned.length > 0) await disposeAll(owned, 'late bindings of the run');
      await scope?.dispose();
    } catch (error) {
      this.#log.error('Disposing the run scope failed', { error: toError(error) });
    }

    const finished: RunOutcome = { ...outcome, finishedAt: clock.now() };
    try {
      await store.finishRun(id, finished);
    } catch (error) {
      this.#log.error('Recording the end of the workflow run failed', { error: toError(error), status: finished.status });
    }
    const record: RunRecord = { ...base, ...finished, steps: [...this.#records.values()] };
    if (!this.#quiet) {
      const fields = { status: record.status, durationMs: finished.finishedAt - base.startedAt, ...optional('error', outcome.error?.message) };
      if (record.status === 'succeeded' || record.status === 'cancelled') this.#log.info('Workflow run finished', fields);
      else this.#log.error('Workflow run finished', fields);
    }
    if (events.has('run.finished')) events.emit('run.finished', { run: record });
    return record;
  }

  async #runSteps(input: unknown): Promise<Outcome> {
    let current = input;
    try {
      for (const step of this.#def.steps) {
        const result = step.parallel
          ? await this.#runStep(step, current)
          : await this.#runMember(step, step.name, undefined, step.members[0]!.run, current, this.#signal);
        // Only steps with a compensation are ever read back (by #compensate).
        if (step.compensate !== undefined) this.#completed.push({ step, input: current, output: result.output, attempts: result.attempts });
        current = result.output;
      }
      const outputSummary = summarize(current);
      return outputSummary === undefined ? { status: 'succeeded' } : { status: 'succeeded', outputSummary };
    } catch (error) {
      if (this.#signal.aborted) {
        const reason = this.#signal.reason as unknown;
        if (this.#def.settings.compensateOnAbort) await this.#compensate();
        return { status: abortStatus(reason), error: toRunError(reason) };
      }
      const failure = toRunError(error);
      const compensation = await this.#compensate();
      return { status: compensation === 'none' ? 'failed' : compensation === 'ok' ? 'compensated' : 'compensation_failed', error: failure };
    }
  }

  async #runStep(step: StepDefinition, input: unknown): Promise<{ output: unknown; attempts: number }> {
    if (!step.parallel) return this.#runMember(step, step.name, undefined, step.members[0]!.run, input, this.#signal);
    const group = new WorkflowAbort();
    const unsubscribe = this.#signal.subscribe(() => group.abort(this.#signal.reason));
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
      unsubscribe();
    }
  }

  async #runMember(step: StepDefinition, name: string, group: string | undefined, run: ErasedStep, input: unknown, parent: WorkflowAbort): Promise<{ output: unknown; attempts: number }> {
    const { clock, events } = this.#deps;
    const quiet = this.#quiet;
    const log = quiet ? this.#log : this.#log.child({ step: name });
    const workflow = this.#def.name;
    const startedAt = clock.now();
    // The error of the last failed attempt: the record carries it while the step is retried.
    let lastError: RunError | undefined;
    for (let attempt = 1; ; attempt++) {
      await this.#save(stepRecord(name, group, 'running', attempt, startedAt, lastError, undefined, undefined));
      if (attempt === 1) {
        if (!quiet) log.debug('Step started');
        if (events.has('step.started')) events.emit('step.started', { workflow, runId: this.#request.id, step: name, attempt });
      }
      try {
        const output = await attemptStep(
          (signal) => run(this.#context(input, signal, log, attempt)),
          parent,
          clock,
          step.timeoutMs,
          () => `Step '${name}' of workflow '${workflow}' timed out after ${step.timeoutMs} ms (attempt ${attempt}).`,
        );
        await this.#finishStep(name, group, 'succeeded', attempt, startedAt, undefined, summarize(output));
        if (!quiet) log.info('Step succeeded', { attempts: attempt });
        return { output, attempts: attempt };
      } catch (thrown) {
        // Throws unless the step is retried; kept apart so that this hot function stays small.
        lastError = await this.#attemptFailed(step, name, group, attempt, startedAt, parent, log, thrown);
      }
    }
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
      await this.#save(stepRecord(name, group, 'running', attempt, startedAt, runError, undefined, undefined));
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

  /** Records the step's final state and emits `step.finished`. */
  #finishStep(
    name: string,
    group: string | undefined,
    status: StepRunRecord['status'],
    attempts: number,
    startedAt: number,
    error: RunError | undefined,
    outputSummary: string | undefined,
  ): Promise<void> {
    const record = stepRecord(name, group, status, attempts, startedAt, error, outputSummary, this.#deps.clock.now());
    const { events } = this.#deps;
    return this.#save(record).then(() => {
      if (events.has('step.finished')) events.emit('step.finished', { workflow: this.#def.name, runId: this.#request.id, step: name, record });
    });
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
    const targets = this.#completed.filter((entry) => entry.step.compensate !== undefined).reverse();
    if (targets.length === 0) return 'none';
    const { clock, events, compensationSignal } = this.#deps;
    let failed = false;
    for (const { step, input, output, attempts } of targets) {
      const names = step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name];
      const event = { workflow: this.#def.name, runId: this.#request.id, step: step.name };
      const log = this.#log.child({ step: step.name });
      const startedAt = clock.now();
      await this.#saveCompensation(names, { status: 'running', startedAt });
      log.info('Compensation started');
      events.emit('compensation.started', event);
      let error: RunError | undefined;
      try {
        const running = Promise.resolve().then(() => step.compensate!(this.#context(input, () => compensationSignal, log, attempts), output));
        await Promise.race([running, rejectWhenAborted(compensationSignal)]);
      } catch (thrown) {
        error = toRunError(thrown);
        failed = true;
      }
      await this.#saveCompensation(names, { status: error === undefined ? 'succeeded' : 'failed', startedAt, finishedAt: clock.now(), ...optional('error', error) });
      if (error === undefined) log.info('Compensation succeeded');
      else log.error('Compensation failed', { error: error.message });
      events.emit('compensation.finished', { ...event, ...optional('error', error) });
    }
    return failed ? 'failed' : 'ok';
  }

  #resolve<T>(key: ServiceKey<T>): T {
    this.#forRun ??= this.#deps.late.forRun(this.#scope!);
    return this.#forRun.resolver.get(key);
  }

  // `signal` is read through a getter, so an attempt's AbortController exists only if the step looks at it.
  #context(input: unknown, signal: () => AbortSignal, log: Logger, attempt: number): StepContext<unknown> {
    const { id, trigger, scheduledAt } = this.#request;
    const run: RunInfo = Object.freeze({ id, workflow: this.#def.name, attempt, scheduledAt, trigger, idempotencyKey: this.#idempotencyKey });
    return {
      get: (key) => this.#resolve(key),
      input,
      get signal() {
        return signal();
      },
      log,
      run,
    };
  }

  async #saveCompensation(names: readonly string[], compensation: NonNullable<StepRunRecord['compensation']>): Promise<void> {
    for (const name of names) {
      const record = this.#records.get(name);
      if (record !== undefined) await this.#save({ ...record, compensation });
    }
  }

  /**
   * A failing store must not fail the run: the step transition is logged and the run goes on. Never rejects.
   * Not an async function: one promise per write (the store's, with a rejection handler) instead of two.
   */
  #save(record: StepRunRecord): Promise<void> {
    this.#records.set(record.name, record);
    const failed = (error: unknown): void => this.#log.warn('Recording a step transition failed', { step: record.name, error: toError(error) });
    try {
      return Promise.resolve(this.#deps.store.recordStep(this.#request.id, record)).then(undefined, failed);
    } catch (error) {
      failed(error);
      return Promise.resolve();
    }
  }
}

function abortStatus(reason: unknown): 'timed_out' | 'cancelled' {
  return BatonError.is(reason, BatonErrorCode.WorkflowRunTimeout) ? 'timed_out' : 'cancelled';
}

/**
 * A step record, its keys in the order the records have always had: name, group, status, attempts, startedAt, then
 * error, outputSummary and finishedAt when set (a compensation is added later, after them).
 */
function stepRecord(
  name: string,
  group: string | undefined,
  status: StepRunRecord['status'],
  attempts: number,
  startedAt: number,
  error: RunError | undefined,
  outputSummary: string | undefined,
  finishedAt: number | undefined,
): StepRunRecord {
  const record: { -readonly [K in keyof StepRunRecord]: StepRunRecord[K] } =
    group === undefined ? { name, status, attempts, startedAt } : { name, group, status, attempts, startedAt };
  if (error !== undefined) record.error = error;
  if (outputSummary !== undefined) record.outputSummary = outputSummary;
  if (finishedAt !== undefined) record.finishedAt = finishedAt;
  return record;
}

/** `{ [key]: value }`, or `{}` when value is undefined (records never carry `key: undefined`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
