// One run of a workflow, from its record to its end. Read `execute` first: it is the whole lifecycle.
import type { Mutable } from '../../Runs/Internal/Mutable.js';
import type { ServiceScope } from '../../DependencyInjection/ServiceScope.js';
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunLease } from '../../Runs/RunLease.js';
import type { FinalRunStatus, RunError, RunRecord, RunWarning } from '../../Runs/RunRecord.js';
import type { RunOutcome, StoreClaim } from '../../Runs/RunStore.js';
import type { StepContext } from '../StepContext.js';
import { disposeAll } from '../../DependencyInjection/Internal/disposeAll.js';
import { AttemptContext } from './AttemptContext.js';
import { checkpointOf } from './checkpointOf.js';
import { checkpointsOf } from './checkpointsOf.js';
import { compensate } from './compensate.js';
import type { CompletedStep } from './compensate.js';
import { completedFromCheckpoints } from './completedFromCheckpoints.js';
import type { RunAbort } from './RunAbort.js';
import { RunJournal } from './RunJournal.js';
import type { RunServices } from './RunServices.js';
import { runGroup, runStep, SETTLED } from './StepRunner.js';
import type { StepHost } from './StepRunner.js';
import type { RunStart, TakenMode } from './RunStart.js';
import { summarize } from './summarize.js';
import { definitionChange } from './definitionChange.js';
import { idempotencyKey } from './idempotencyKey.js';
import { toRunError } from './toRunError.js';
import type { WorkflowDefinition } from './WorkflowDefinition.js';

/** A run's outcome before it has its `finishedAt`. */
type Outcome = Omit<RunOutcome, 'finishedAt'>;

export class WorkflowRun implements StepHost {
  readonly workflow: string;
  readonly runId: string;
  readonly services: RunServices;
  readonly log: Logger;
  readonly #def: WorkflowDefinition;
  readonly #abort: RunAbort;
  /** Made with the first warning: most runs have none. */
  #warnings: RunWarning[] | undefined;
  #journal: RunJournal | undefined;
  #base: RunRecord | undefined;
  #input: unknown;
  #scope: ServiceScope | undefined;
  #forRun: { readonly resolver: { get<T>(key: ServiceKey<T>): T }; readonly owned: object[] } | undefined;

  /** @param abort - The run's abort: cancel, the run's timeout, the host stopping, or the lease being lost. */
  constructor(def: WorkflowDefinition, services: RunServices, runId: string, abort: RunAbort) {
    this.#def = def;
    this.workflow = def.name;
    this.runId = runId;
    this.services = services;
    this.#abort = abort;
    this.log = services.log.child({ workflow: def.name, runId });
  }

  get journal(): RunJournal {
    return this.#journal!;
  }

  /**
   * The run, top to bottom:
   * 1. Record it. A new run is created in the store: for a scheduled run that is its claim, and when another replica
   *    has the slot nothing runs here (`undefined`). A run taken over is recorded already, at its new epoch.
   * 2. Perform it as its start says: the steps from the last checkpoint, or from the first; or the compensations of its
   *    completed steps; or nothing, when it is to fail or be abandoned. A step that fails for good, or an abort,
   *    compensates the completed steps as the workflow's settings say.
   * 3. Dispose its DI scope, whatever the outcome; a disposer that throws is a warning on the run.
   * 4. Record the end, and report it.
   *
   * Every write carries the run's lease; a write the store refuses (taken over) aborts the run here, nothing more is
   * written, and `execute` rejects with BATON_ERR_RUNS_STALE_EPOCH (or BATON_ERR_RUNS_LEASE_LOST when the engine
   * could not renew the lease in time).
   * @throws BATON_ERR_RUNS_STORE_FAILED if a new run could not be recorded (then nothing ran).
   */
  async execute(start: RunStart): Promise<RunRecord | undefined> {
    // Awaited even when the store answers at once (the in-memory store's answers are plain values): the first step
    // then starts after the caller's synchronous code, as it does on a store that answers with promises, never inside
    // `trigger()` itself. The writes after it are awaited only when they are promises: each await saved is a promise
    // less per run (see the runs-per-second bench).
    const recorded = await (start.kind === 'new' ? this.#create(start) : this.#adopt(start.record));
    if (!recorded) return undefined;
    this.#reportStarted();
    const timeout = this.#armTimeout();
    let outcome: Outcome;
    try {
      outcome = start.kind === 'new' ? await this.#runSteps(false) : await this.#perform(start.mode, start.record);
    } finally {
      timeout?.abort(SETTLED);
    }
    if (this.#scope !== undefined) await this.#disposeScope(this.#scope);
    const finished = this.#outcomeOf(outcome);
    const written = this.journal.finish(finished);
    return this.#finish(finished, typeof written === 'boolean' ? written : await written);
  }

  /** Fences the run: it is aborted with `reason` and writes nothing more. */
  fence(reason: BatonError): void {
    this.#journal?.fence(reason);
  }

  /** The renewable lease of the run, once it is recorded. */
  get lease(): RunLease | undefined {
    return this.#journal?.lease;
  }

  /** Records the new run; `false` when another replica has its slot. A promise only when the store's claim is one. */
  #create(start: Extract<RunStart, { kind: 'new' }>): Promise<boolean> | boolean {
    const { clock, store, owner, leaseTtlMs } = this.services;
    const { trigger, scheduledAt, input, inputCheckpoint, traceContext } = start;
    const startedAt = clock.now();
    const record: Mutable<RunRecord> = {
      id: this.runId,
      workflow: this.workflow,
      status: 'running',
      trigger,
      scheduledAt,
      idempotencyKey: idempotencyKey(this.workflow, trigger, scheduledAt, this.runId),
      startedAt,
      attempt: 1,
      epoch: 1,
      recoveries: [],
      steps: [],
    };
    if (inputCheckpoint !== undefined) record.input = inputCheckpoint;
    if (input !== undefined) record.inputSummary = summarize(input);
    if (traceContext !== undefined) record.traceContext = traceContext;
    const lease: RunLease = { owner, epoch: 1, ttlMs: leaseTtlMs };
    let claim: StoreClaim;
    try {
      claim = store.createRun(record, lease);
    } catch (error) {
      throw this.#notRecorded(error);
    }
    // A closure only for a store that answers with a promise: the in-memory store's claim is a plain boolean.
    if (typeof claim === 'boolean') return this.#created(claim, start, record, lease);
    return claim.then(
      (claimed) => this.#created(claimed, start, record, lease),
      (error: unknown) => {
        throw this.#notRecorded(error);
      },
    );
  }

  #created(claimed: boolean, start: Extract<RunStart, { kind: 'new' }>, record: RunRecord, lease: RunLease): boolean {
    if (!claimed) return false;
    if (start.trigger === 'schedule') this.#recordSlot(start.scheduledAt);
    start.onRecorded?.(this.runId);
    // The run's fields, without its owner and lease (the journal holds those): what its final record is made from.
    this.#base = record;
    this.#input = start.input;
    this.#journal = this.#newJournal(lease, NO_STEPS);
    return true;
  }

  /** A run the store could not record (it did not run): logged, and its error. */
  #notRecorded(error: unknown): BatonError {
    this.log.error('Workflow run could not be recorded; it did not run', { error: toError(error) });
    return new BatonError(BatonErrorCode.RunsStoreFailed, `Run ${this.runId} of workflow '${this.workflow}' could not be recorded, so it did not run.`, {
      cause: error,
    });
  }

  /** The slot's claim goes to the ScheduleStore too, without waiting: the missed-run policy counts from it after a restart. */
  #recordSlot(slot: number): void {
    const failed = (error: unknown): void => this.log.warn('Could not record the slot in the ScheduleStore', { scheduledAt: slot, error: toError(error) });
    try {
      this.services.schedules.recordSlot?.(this.workflow, slot).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  #adopt(record: RunRecord): boolean {
    const { owner: _owner, leaseExpiresAt: _leaseExpiresAt, ...fields } = record;
    this.#base = fields;
    this.#input = record.input === undefined ? undefined : this.services.serializer.deserialize(record.input);
    this.#journal = this.#newJournal({ owner: this.services.owner, epoch: record.epoch, ttlMs: this.services.leaseTtlMs }, record.steps);
    return true;
  }

  #newJournal(lease: RunLease, steps: RunRecord['steps']): RunJournal {
    return new RunJournal(this.services.store, this.runId, lease, steps, this.log, (reason) => {
      this.log.warn(
        BatonError.is(reason, BatonErrorCode.RunsLeaseLost)
          ? 'The run lease was lost; the run stops here'
          : 'The run was taken over by another engine; it stops here',
        {
          error: reason,
        },
      );
      this.services.events.emit('run.fenced', { workflow: this.workflow, runId: this.runId, reason: toRunError(reason) });
      this.#abort.abort(reason);
    });
  }

  #reportStarted(): void {
    const run = this.#base!;
    this.log.info('Workflow run started', { trigger: run.trigger, scheduledAt: run.scheduledAt, attempt: run.attempt });
    const { events } = this.services;
    if (events.has('run.started')) events.emit('run.started', { run, lateByMs: run.trigger === 'schedule' ? Math.max(0, run.startedAt - run.scheduledAt) : 0 });
  }

  /** The run's timeout, on the Clock: aborts the run when it passes. */
  #armTimeout(): AbortController | undefined {
    const { timeoutMs } = this.#def.settings;
    if (timeoutMs === undefined) return undefined;
    const timer = new AbortController();
    void this.services.clock.sleep(timeoutMs, timer.signal).then((elapsed) => {
      if (elapsed)
        this.#abort.abort(
          new BatonError(BatonErrorCode.WorkflowRunTimeout, `Run ${this.runId} of workflow '${this.workflow}' timed out after ${timeoutMs} ms.`),
        );
    });
    return timer;
  }

  /** How a run taken over goes on. */
  async #perform(mode: TakenMode, taken: RunRecord): Promise<Outcome> {
    if (mode === 'abandon') {
      const recoveries = taken.recoveries.filter((recovery) => recovery.kind === 'recovered').length;
      return failure(
        'abandoned',
        BatonErrorCode.WorkflowRunAbandoned,
        `Run ${this.runId} of workflow '${this.workflow}' was abandoned: its owner died ${recoveries} times, more than maxRecoveries (${this.#def.settings.maxRecoveries}) allows.`,
      );
    }
    if (mode === 'fail') {
      return failure(
        'failed',
        BatonErrorCode.WorkflowRunInterrupted,
        `Run ${this.runId} of workflow '${this.workflow}' was interrupted (its owner ${taken.recoveries.at(-1)?.previousOwner ?? 'stopped'} died) and its recovery policy is 'fail'.`,
      );
    }
    if (mode === 'restart') return this.#runSteps(false);
    const changed = definitionChange(this.#def, taken);
    if (changed !== undefined)
      return failure('failed', BatonErrorCode.WorkflowDefinitionChanged, `Run ${this.runId} of workflow '${this.workflow}' cannot carry on: ${changed}.`);
    // A run that was compensating when it was interrupted goes on compensating.
    const compensating = taken.steps.some((step) => step.compensation !== undefined);
    if (mode === 'compensate' || compensating) return this.#compensateCompleted(mode === 'compensate' && !compensating);
    return this.#runSteps(true);
  }

  /** Runs the steps in order; `fromCheckpoints`: a step (or group member) checkpointed by an earlier attempt of the run is not run again. */
  async #runSteps(fromCheckpoints: boolean): Promise<Outcome> {
    const completed: CompletedStep[] = [];
    let input = this.#input;
    try {
      for (const step of this.#def.steps) {
        const done = fromCheckpoints ? checkpointsOf(step, this.journal, this.services.serializer) : NONE_DONE;
        let output: unknown;
        if (step.parallel) output = await runGroup(this, step, input, done, this.#abort);
        else if (done.has(step.name)) output = done.get(step.name);
        else {
          // The last step's success is written with the run's end (one write for both).
          if (step === this.#def.steps.at(-1)) this.journal.holdSuccess(step.name);
          output = await runStep(this, step, step.name, undefined, step.members[0]!.run, input, this.#abort);
        }
        completed.push({ step, input, output });
        input = output;
      }
    } catch (error) {
      return this.#failed(error, completed);
    }
    const outputSummary = summarize(input);
    return outputSummary === undefined ? { status: 'succeeded' } : { status: 'succeeded', outputSummary };
  }

  /** A step failed for good, or the run aborted: compensate as the settings say. */
  async #failed(error: unknown, completed: readonly CompletedStep[]): Promise<Outcome> {
    const abort = this.#abort;
    const { compensationSignal } = this.services;
    if (abort.aborted) {
      const reason = abort.reason;
      // Fenced: the new owner carries the run on; this engine must not compensate what it no longer owns.
      if (this.journal.fenced === undefined && this.#def.settings.compensateOnAbort) await compensate(this, completed, compensationSignal);
      return { status: BatonError.is(reason, BatonErrorCode.WorkflowRunTimeout) ? 'timed_out' : 'cancelled', error: toRunError(reason) };
    }
    const compensation = await compensate(this, completed, compensationSignal);
    return { status: compensation === 'none' ? 'failed' : compensation === 'ok' ? 'compensated' : 'compensation_failed', error: toRunError(error) };
  }

  /** Undoes the completed steps of a taken-over run from their checkpoints. `byHand`: nothing to undo is an error. */
  async #compensateCompleted(byHand: boolean): Promise<Outcome> {
    const completed = completedFromCheckpoints(this.#def, this.#input, this.journal, this.services.serializer);
    const compensation = await compensate(this, completed, this.services.compensationSignal);
    if (compensation === 'none') {
      return failure(
        'failed',
        BatonErrorCode.WorkflowRunInterrupted,
        `Run ${this.runId} of workflow '${this.workflow}' was interrupted and had nothing to compensate${byHand ? '' : ' (recovery policy compensate)'}.`,
      );
    }
    const last = this.#base!.error;
    const status: FinalRunStatus = compensation === 'ok' ? 'compensated' : 'compensation_failed';
    return last === undefined ? { status } : { status, error: last };
  }

  async #disposeScope(scope: ServiceScope): Promise<void> {
    try {
      const owned = this.#forRun?.owned;
      if (owned !== undefined && owned.length > 0) await disposeAll(owned, 'late bindings of the run');
      await scope.dispose();
    } catch (error) {
      const warning: RunWarning = { kind: 'scope-dispose-failed', at: this.services.clock.now(), error: toRunError(error) };
      (this.#warnings ??= []).push(warning);
      this.log.error('Disposing the run scope failed', { error: toError(error) });
      this.services.events.emit('run.warning', { workflow: this.workflow, runId: this.runId, warning });
    }
  }

  /** The run's end as the store records it: its outcome, when it finished, and its warnings. */
  #outcomeOf(outcome: Outcome): RunOutcome {
    const finished: Mutable<RunOutcome> = { status: outcome.status, finishedAt: this.services.clock.now() };
    if (outcome.error !== undefined) finished.error = outcome.error;
    if (outcome.outputSummary !== undefined) finished.outputSummary = outcome.outputSummary;
    if (this.#warnings !== undefined) finished.warnings = this.#warnings.slice();
    return finished;
  }

  /** Once the run's end is written (`written`; false if it failed, or the run is fenced): its final record, reported. */
  #finish(finished: RunOutcome, written: boolean): RunRecord {
    const { finishedAt } = finished;
    const fenced = this.journal.fenced;
    if (fenced !== undefined) throw fenced;
    if (!written) this.log.error('Recording the end of the workflow run failed', { status: finished.status });
    const base = this.#base!;
    // Object.assign, then the outcome's fields: on Node 20 `{ ...base, ...finished }` costs ~1 µs more (9% of the
    // runs-per-second bench), as a spread's copy takes new fields only slowly.
    const record: Mutable<RunRecord> = Object.assign({}, base);
    record.status = finished.status;
    record.finishedAt = finishedAt;
    if (finished.error !== undefined) record.error = finished.error;
    if (finished.outputSummary !== undefined) record.outputSummary = finished.outputSummary;
    if (finished.warnings !== undefined) record.warnings = finished.warnings;
    record.steps = this.journal.steps.slice();
    const durationMs = finishedAt - base.startedAt;
    const fields = finished.error === undefined ? { status: record.status, durationMs } : { status: record.status, durationMs, error: finished.error.message };
    if (record.status === 'succeeded' || record.status === 'cancelled') this.log.info('Workflow run finished', fields);
    else this.log.error('Workflow run finished', fields);
    const { events } = this.services;
    if (events.has('run.finished')) events.emit('run.finished', { run: record, durationMs: finishedAt - base.startedAt });
    return record;
  }

  context(input: unknown, abort: RunAbort, log: Logger, attempt: number): StepContext<unknown> {
    const run = this.#base!;
    const info = { id: run.id, workflow: run.workflow, attempt, scheduledAt: run.scheduledAt, idempotencyKey: run.idempotencyKey, trigger: run.trigger };
    return new AttemptContext(this.#get, input, abort, log, info);
  }

  checkpoint(output: unknown, step: string): string {
    return checkpointOf(this.services.serializer, this.services.checkpointLimit, output, this.workflow, step);
  }

  readonly #get = <T>(key: ServiceKey<T>): T => {
    if (this.#forRun === undefined) {
      this.#scope ??= this.services.scopes.createScope();
      this.#forRun = this.services.late.forRun(this.#scope);
    }
    return this.#forRun.resolver.get(key);
  };
}

const NONE_DONE: ReadonlyMap<string, unknown> = new Map();
const NO_STEPS: RunRecord['steps'] = Object.freeze([]);

function failure(status: FinalRunStatus, code: BatonErrorCode, message: string): Outcome {
  const error: RunError = toRunError(new BatonError(code, message));
  return { status, error };
}
