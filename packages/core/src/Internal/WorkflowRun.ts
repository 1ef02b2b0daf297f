// One run of a workflow, end to end: record, scope, steps (retries, timeouts, parallel groups), compensation,
// final record, scope disposal. Whatever happens, a recorded run gets exactly one finishRun and its scope is disposed.
import type { ScopeFactory } from '../DependencyInjection/ScopeFactory.js';
import type { ServiceResolver } from '../DependencyInjection/ServiceResolver.js';
import type { ServiceScope } from '../DependencyInjection/ServiceScope.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { toError } from '../Errors/toError.js';
import type { Logger } from '../Logging/Logger.js';
import type { RunError, RunRecord, RunTrigger } from '../Runs/RunRecord.js';
import type { RunOutcome, RunStore } from '../Runs/RunStore.js';
import type { StepRunRecord } from '../Runs/StepRunRecord.js';
import type { Clock } from '../Time/Clock.js';
import type { RunInfo, StepContext } from '../Workflows/StepContext.js';
import type { WorkflowEvents } from '../Workflows/Workflows.js';
import { attemptStep, rejectWhenAborted } from './attemptStep.js';
import { disposeAll } from './disposeAll.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';
import { retryDelay } from './retryDelay.js';
import { summarize } from './summarize.js';
import { toRunError } from './toRunError.js';
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
  readonly controller: AbortController;
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
  #resolver: ServiceResolver | undefined;

  constructor(def: WorkflowDefinition, deps: RunDependencies, request: RunRequest) {
    this.#def = def;
    this.#deps = deps;
    this.#request = request;
    this.#log = deps.log.child({ workflow: def.name, runId: request.id });
  }

  get #signal(): AbortSignal {
    return this.#request.controller.signal;
  }

  /**
   * Records, runs and finishes the run; resolves with its final record.
   * @throws BATON_ERR_RUNS_STORE_FAILED if the run could not be recorded (then nothing ran).
   */
  async execute(): Promise<RunRecord> {
    const { clock, store, events } = this.#deps;
    const { id, trigger, scheduledAt, input } = this.#request;
    const base: RunRecord = {
      id,
      workflow: this.#def.name,
      status: 'running',
      trigger,
      scheduledAt,
      idempotencyKey: idempotencyKey(this.#def.name, trigger, scheduledAt, id),
      startedAt: clock.now(),
      attempt: 1,
      ...optional('inputSummary', summarize(input)),
      steps: [],
    };
    try {
      await store.createRun(base);
    } catch (error) {
      this.#log.error('Workflow run could not be recorded; it did not run', { error: toError(error) });
      throw new BatonError(BatonErrorCode.RunsStoreFailed, `Run ${id} of workflow '${this.#def.name}' could not be recorded, so it did not run.`, { cause: error });
    }
    this.#log.info('Workflow run started', { trigger, scheduledAt });
    events.emit('run.started', { run: base });

    const timer = new AbortController();
    const { timeoutMs } = this.#def.settings;
    if (timeoutMs !== undefined) {
      void clock.sleep(timeoutMs, timer.signal).then((elapsed) => {
        if (elapsed) {
          this.#request.controller.abort(
            new BatonError(BatonErrorCode.WorkflowRunTimeout, `Run ${id} of workflow '${this.#def.name}' timed out after ${timeoutMs} ms.`),
          );
        }
      });
    }

    let scope: ServiceScope | undefined;
    let owned: object[] = [];
    let outcome: Outcome;
    try {
      scope = this.#deps.scopes.createScope();
      const forRun = this.#deps.late.forRun(scope);
      this.#resolver = forRun.resolver;
      owned = forRun.owned;
      outcome = await this.#runSteps(input);
    } catch (error) {
      // Only a failure outside the steps lands here (e.g. the provider was disposed).
      outcome = { status: this.#signal.aborted ? abortStatus(this.#signal.reason) : 'failed', error: toRunError(error) };
    } finally {
      timer.abort();
    }

    try {
      await disposeAll(owned, 'late bindings of the run');
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
    const fields = { status: record.status, durationMs: finished.finishedAt - base.startedAt, ...optional('error', outcome.error?.message) };
    if (record.status === 'succeeded' || record.status === 'cancelled') this.#log.info('Workflow run finished', fields);
    else this.#log.error('Workflow run finished', fields);
    events.emit('run.finished', { run: record });
    return record;
  }

  async #runSteps(input: unknown): Promise<Outcome> {
    let current = input;
    try {
      for (const step of this.#def.steps) {
        const result = await this.#runStep(step, current);
        this.#completed.push({ step, input: current, output: result.output, attempts: result.attempts });
        current = result.output;
      }
      return { status: 'succeeded', ...optional('outputSummary', summarize(current)) };
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
    const group = new AbortController();
    const forward = (): void => group.abort(this.#signal.reason);
    this.#signal.addEventListener('abort', forward, { once: true });
    let firstFailure: { error: unknown } | undefined;
    try {
      const settled = await Promise.allSettled(
        step.members.map(async ({ key, run }) => {
          try {
            return await this.#runMember(step, `${step.name}.${key!}`, step.name, run, input, group.signal);
          } catch (error) {
            if (firstFailure === undefined && !group.signal.aborted) {
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
      this.#signal.removeEventListener('abort', forward);
    }
  }

  async #runMember(step: StepDefinition, name: string, group: string | undefined, run: ErasedStep, input: unknown, parent: AbortSignal): Promise<{ output: unknown; attempts: number }> {
    const { clock, events } = this.#deps;
    const log = this.#log.child({ step: name });
    const event = { workflow: this.#def.name, runId: this.#request.id, step: name };
    let record: StepRunRecord = { name, ...optional('group', group), status: 'running', attempts: 0, startedAt: clock.now() };
    const finish = async (status: StepRunRecord['status'], extra: Partial<StepRunRecord>): Promise<void> => {
      record = { ...record, ...extra, status, finishedAt: clock.now() };
      await this.#save(record);
      events.emit('step.finished', { ...event, record });
    };
    for (let attempt = 1; ; attempt++) {
      record = { ...record, attempts: attempt };
      await this.#save(record);
      if (attempt === 1) {
        log.debug('Step started');
        events.emit('step.started', { ...event, attempt });
      }
      try {
        const output = await attemptStep(
          (signal) => run(this.#context(input, signal, log, attempt)),
          parent,
          clock,
          step.timeoutMs,
          () => `Step '${name}' of workflow '${this.#def.name}' timed out after ${step.timeoutMs} ms (attempt ${attempt}).`,
        );
        const { error: _previous, ...rest } = record;
        record = rest;
        await finish('succeeded', optional('outputSummary', summarize(output)));
        log.info('Step succeeded', { attempts: attempt });
        return { output, attempts: attempt };
      } catch (thrown) {
        if (parent.aborted) {
          await finish('cancelled', { error: toRunError(parent.reason) });
          throw parent.reason;
        }
        const error = toError(thrown);
        const runError = toRunError(error);
        if (attempt < step.retry.attempts && this.#shouldRetry(step, error, log)) {
          const delayMs = retryDelay(step.retry, attempt);
          record = { ...record, error: runError };
          await this.#save(record);
          log.warn('Step attempt failed; retrying', { attempt, delayMs, error: runError.message });
          events.emit('step.retried', { ...event, attempt, delayMs, error: runError });
          if (!(await clock.sleep(delayMs, parent))) {
            await finish('cancelled', { error: toRunError(parent.reason) });
            throw parent.reason;
          }
          continue;
        }
        await finish(BatonError.is(error, BatonErrorCode.WorkflowStepTimeout) ? 'timed_out' : 'failed', { error: runError });
        log.error('Step failed', { attempts: attempt, error: runError.message });
        throw error;
      }
    }
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
        const running = Promise.resolve().then(() => step.compensate!(this.#context(input, compensationSignal, log, attempts), output));
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

  #context(input: unknown, signal: AbortSignal, log: Logger, attempt: number): StepContext<unknown> {
    const resolver = this.#resolver!;
    const { id, trigger, scheduledAt } = this.#request;
    const run: RunInfo = Object.freeze({ id, workflow: this.#def.name, attempt, scheduledAt, trigger, idempotencyKey: idempotencyKey(this.#def.name, trigger, scheduledAt, id) });
    return { get: (key) => resolver.get(key), input, signal, log, run };
  }

  async #saveCompensation(names: readonly string[], compensation: NonNullable<StepRunRecord['compensation']>): Promise<void> {
    for (const name of names) {
      const record = this.#records.get(name);
      if (record !== undefined) await this.#save({ ...record, compensation });
    }
  }

  /** A failing store must not fail the run: the step transition is logged and the run goes on. */
  async #save(record: StepRunRecord): Promise<void> {
    this.#records.set(record.name, record);
    try {
      await this.#deps.store.recordStep(this.#request.id, record);
    } catch (error) {
      this.#log.warn('Recording a step transition failed', { step: record.name, error: toError(error) });
    }
  }
}

function abortStatus(reason: unknown): 'timed_out' | 'cancelled' {
  return BatonError.is(reason, BatonErrorCode.WorkflowRunTimeout) ? 'timed_out' : 'cancelled';
}

/** `{ [key]: value }`, or `{}` when value is undefined (records never carry `key: undefined`). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
