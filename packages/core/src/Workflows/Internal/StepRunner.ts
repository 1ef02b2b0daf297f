// A step run to its end: attempts with retries and backoff on the Clock, a timeout per attempt, cancellation by the
// run's signal, a checkpoint of the output once it succeeded; and a parallel group, whose members run side by side.
import type { Mutable } from '../../Runs/Internal/Mutable.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunError } from '../../Runs/RunRecord.js';
import type { StepRunRecord } from '../../Runs/StepRunRecord.js';
import type { StepContext } from '../StepContext.js';
import { RunAbort } from './RunAbort.js';
import { isPromiseLike } from './isPromiseLike.js';
import { retryDelay } from './retryDelay.js';
import type { RunJournal } from './RunJournal.js';
import type { RunServices } from './RunServices.js';
import { summarize } from './summarize.js';
import { toRunError } from './toRunError.js';
import type { ErasedStep, RetryPolicy, StepDefinition } from './WorkflowDefinition.js';

/** The run, as its steps see it. */
export interface StepHost {
  readonly workflow: string;
  readonly runId: string;
  readonly services: RunServices;
  readonly journal: RunJournal;
  readonly log: Logger;
  /** The context of one attempt of a step, or of a compensation; its `signal` is `abort`'s. */
  context(input: unknown, abort: RunAbort, log: Logger, attempt: number): StepContext<unknown>;
  /** The output's checkpoint; throws BATON_ERR_RUNS_CHECKPOINT_* when it cannot be stored. */
  checkpoint(output: unknown, step: string): string;
}

/**
 * Runs a step (or a member of a parallel group, `name` = `<group>.<member>`) until it succeeds or fails for good, and
 * records it: once it ends (with its checkpoint when it succeeded), and after each failed attempt that is retried.
 * Resolves with its output, once its checkpoint is written. Rejects with its last error, or with `abort`'s reason
 * when the run (or the group) aborted.
 */
export async function runStep(
  host: StepHost,
  step: StepDefinition,
  name: string,
  group: string | undefined,
  work: ErasedStep,
  input: unknown,
  abort: RunAbort,
): Promise<unknown> {
  const { clock, events } = host.services;
  const log = host.log.child({ step: name });
  const started: StepStart = { name, group, startedAt: clock.now() };
  // A step run again (a retried or recovered run) keeps the errors of the attempts its earlier run attempts made.
  const earlier = host.journal.step(name)?.attemptErrors;
  const errors: RunError[] = earlier === undefined ? [] : [...earlier];

  // A step is written when it ends, and when an attempt fails and another follows: what a resume reads is the
  // checkpoint of a step that succeeded, so the start of an attempt costs no write.
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1) {
      log.debug('Step started');
      if (events.has('step.started')) events.emit('step.started', { workflow: host.workflow, runId: host.runId, step: name, attempt });
    }
    let output: unknown;
    try {
      output = await attemptStep(host, step, name, work, input, abort, log, attempt);
    } catch (thrown) {
      if (abort.aborted) {
        errors.push(toRunError(abort.reason));
        await endStep(host, started, 'cancelled', attempt, errors);
        throw abort.reason;
      }
      const error = toError(thrown);
      errors.push(toRunError(error));
      if (attempt < step.retry.attempts && shouldRetry(step.retry, error, log)) {
        const delayMs = retryDelay(step.retry, attempt);
        log.warn('Step attempt failed; retrying', { attempt, delayMs, error: error.message });
        events.emit('step.retried', { workflow: host.workflow, runId: host.runId, step: name, attempt, delayMs, error: errors.at(-1)! });
        await host.journal.recordStep(stepRecord(started, 'running', attempt, errors, undefined));
        if (await clock.sleep(delayMs, abort.signal)) continue;
        await endStep(host, started, 'cancelled', attempt, errors);
        throw abort.reason;
      }
      await endStep(host, started, BatonError.is(error, BatonErrorCode.WorkflowStepTimeout) ? 'timed_out' : 'failed', attempt, errors);
      // The Error itself, so that the app's logger writes its message and stack.
      log.error('Step failed', { attempts: attempt, error });
      throw error;
    }
    // A value that cannot be checkpointed fails the step for good: another attempt would return the same kind of value.
    let checkpoint: string;
    try {
      checkpoint = host.checkpoint(output, name);
    } catch (error) {
      errors.push(toRunError(error));
      await endStep(host, started, 'failed', attempt, errors);
      log.error('Step failed', { attempts: attempt, error: toError(error) });
      throw error;
    }
    const ending = endStep(host, started, 'succeeded', attempt, errors, checkpoint, summarize(output));
    if (ending !== undefined) await ending;
    log.info('Step succeeded', { attempts: attempt });
    return output;
  }
}

/** What every record of one step run repeats. */
interface StepStart {
  readonly name: string;
  readonly group: string | undefined;
  readonly startedAt: number;
}

/** The step's record as of now; `finishedAt` once it has ended. Optional fields are left out when they have no value. */
function stepRecord(
  start: StepStart,
  status: StepRunRecord['status'],
  attempts: number,
  errors: readonly RunError[],
  finishedAt: number | undefined,
  output?: string,
  outputSummary?: string,
): StepRunRecord {
  const record: Mutable<StepRunRecord> = { name: start.name, status, attempts, startedAt: start.startedAt };
  if (start.group !== undefined) record.group = start.group;
  if (finishedAt !== undefined) record.finishedAt = finishedAt;
  if (errors.length > 0) {
    record.error = errors[errors.length - 1]!;
    record.attemptErrors = errors.slice();
  }
  if (output !== undefined) record.output = output;
  if (outputSummary !== undefined) record.outputSummary = outputSummary;
  return record;
}

/**
 * Records the step's end (with its checkpoint when it succeeded) and reports it once written. A promise only when the
 * store's write is one: with the in-memory store a step ends without an await.
 */
function endStep(
  host: StepHost,
  start: StepStart,
  status: StepRunRecord['status'],
  attempts: number,
  errors: readonly RunError[],
  output?: string,
  outputSummary?: string,
): Promise<void> | undefined {
  const finishedAt = host.services.clock.now();
  const finished = stepRecord(start, status, attempts, errors, finishedAt, output, outputSummary);
  const written = host.journal.recordStep(finished);
  if (typeof written === 'boolean') return reportEnd(host, start, attempts, finishedAt, finished);
  return written.then(() => reportEnd(host, start, attempts, finishedAt, finished));
}

function reportEnd(host: StepHost, start: StepStart, attempts: number, finishedAt: number, finished: StepRunRecord): undefined {
  const { events } = host.services;
  if (events.has('step.finished')) {
    events.emit('step.finished', {
      workflow: host.workflow,
      runId: host.runId,
      step: start.name,
      attempt: attempts,
      durationMs: finishedAt - start.startedAt,
      record: finished,
    });
  }
  return undefined;
}

/**
 * Runs a parallel group's members side by side, each with its own retries; the first member to fail for good aborts
 * the others. Members in `done` (checkpointed by an earlier attempt of the run) do not run again. Resolves with an
 * object of the members' outputs by key.
 */
export async function runGroup(
  host: StepHost,
  step: StepDefinition,
  input: unknown,
  done: ReadonlyMap<string, unknown>,
  runAbort: RunAbort,
): Promise<Record<string, unknown>> {
  const group = new RunAbort(runAbort);
  let firstFailure: { error: unknown } | undefined;
  try {
    const outputs = await Promise.allSettled(
      step.members.map(async ({ key, run }) => {
        if (done.has(key!)) return done.get(key!);
        try {
          return await runStep(host, step, `${step.name}.${key!}`, step.name, run, input, group);
        } catch (error) {
          if (firstFailure === undefined && !group.aborted) {
            firstFailure = { error };
            group.abort(error);
          }
          throw error;
        }
      }),
    );
    if (runAbort.aborted) throw runAbort.reason;
    if (firstFailure !== undefined) throw firstFailure.error;
    const output: Record<string, unknown> = {};
    outputs.forEach((result, index) => (output[step.members[index]!.key!] = (result as PromiseFulfilledResult<unknown>).value));
    return output;
  } finally {
    group.dispose();
  }
}

/**
 * One attempt. A step without a timeout gets its run's (or its group's) abort; a step with one gets an abort of its
 * own, which also aborts when the timeout passes on the Clock. The attempt settles when the step does, or as soon as
 * that abort fires: a step that ignores its signal is abandoned.
 */
function attemptStep(
  host: StepHost,
  step: StepDefinition,
  name: string,
  work: ErasedStep,
  input: unknown,
  parent: RunAbort,
  log: Logger,
  attempt: number,
): Promise<unknown> {
  if (parent.aborted) return Promise.reject(parent.reason as Error);
  // Not an async function: the attempt is the race's promise, not a promise of it.
  if (step.timeoutMs === undefined) return raceAbort(work, host.context(input, parent, log, attempt), parent);
  return attemptWithTimeout(host, step.timeoutMs, name, work, input, parent, log, attempt);
}

async function attemptWithTimeout(
  host: StepHost,
  timeoutMs: number,
  name: string,
  work: ErasedStep,
  input: unknown,
  parent: RunAbort,
  log: Logger,
  attempt: number,
): Promise<unknown> {
  const attemptAbort = new RunAbort(parent);
  const timer = new AbortController();
  void host.services.clock.sleep(timeoutMs, timer.signal).then((elapsed) => {
    if (elapsed)
      attemptAbort.abort(
        new BatonError(
          BatonErrorCode.WorkflowStepTimeout,
          `Step '${name}' of workflow '${host.workflow}' timed out after ${timeoutMs} ms (attempt ${attempt}).`,
        ),
      );
  });
  try {
    return await raceAbort(work, host.context(input, attemptAbort, log, attempt), attemptAbort);
  } finally {
    attemptAbort.dispose();
    timer.abort(SETTLED);
  }
}

/**
 * Calls `work(argument)` and settles as it does, or rejects with `abort`'s reason as soon as it aborts, whichever
 * comes first; a throw from `work` is a rejection. What `work` does after an abort is ignored.
 */
export function raceAbort<A, T>(work: (argument: A) => T | PromiseLike<T>, argument: A, abort: RunAbort): Promise<T> {
  if (abort.aborted) return Promise.reject(abort.reason as Error);
  let result: T | PromiseLike<T>;
  try {
    result = work(argument);
  } catch (error) {
    // An abort during `work` came first, as it would for a step that returned a promise.
    return Promise.reject((abort.aborted ? abort.reason : error) as Error);
  }
  // A step that returned a plain value has settled: no race, so no promise executor, listener and closures for one
  // (10,000 every-second workflows, whose step is synchronous: with RunAbort's single listener, 34% -> 30% of a core).
  if (!isPromiseLike(result)) return abort.aborted ? Promise.reject(abort.reason as Error) : Promise.resolve(result);
  const pending = result;
  return new Promise<T>((resolve, reject) => {
    if (abort.aborted) return reject(abort.reason as Error);
    abort.listen(reject);
    Promise.resolve(pending).then(
      (value) => {
        abort.unlisten(reject);
        resolve(value);
      },
      (error: unknown) => {
        abort.unlisten(reject);
        reject(error as Error);
      },
    );
  });
}

/** The reason an internal timer is cancelled with once its wait is moot (nothing reads it). */
export const SETTLED: unknown = Object.freeze({ settled: true });

/** Whether `policy` retries `error`; a `retryIf` that throws means no (and is logged). */
export function shouldRetry(policy: RetryPolicy, error: Error, log: Logger): boolean {
  if (policy.retryIf === undefined) return true;
  try {
    return policy.retryIf(error) === true;
  } catch (thrown) {
    log.error('retryIf threw; not retrying', { error: toError(thrown) });
    return false;
  }
}
