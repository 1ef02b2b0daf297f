// A step run to its end: attempts with retries and backoff on the Clock, a timeout per attempt, cancellation by the
// run's signal, a checkpoint of the output once it succeeded; and a parallel group, whose members run side by side.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunError } from '../../Runs/RunRecord.js';
import type { StepRunRecord } from '../../Runs/StepRunRecord.js';
import type { StepContext } from '../StepContext.js';
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
  /** The context of one attempt of a step, or of a compensation. */
  context(input: unknown, signal: AbortSignal, log: Logger, attempt: number): StepContext<unknown>;
  /** The output's checkpoint; throws BATON_ERR_RUNS_CHECKPOINT_* when it cannot be stored. */
  checkpoint(output: unknown, step: string): string;
}

/**
 * Runs a step (or a member of a parallel group, `name` = `<group>.<member>`) until it succeeds or fails for good, and
 * records it: once it ends (with its checkpoint when it succeeded), and after each failed attempt that is retried.
 * Resolves with its output, once its checkpoint is written. Rejects with its last error, or with `signal`'s reason
 * when the run (or the group) aborted.
 */
export async function runStep(
  host: StepHost,
  step: StepDefinition,
  name: string,
  group: string | undefined,
  work: ErasedStep,
  input: unknown,
  signal: AbortSignal,
): Promise<unknown> {
  const { clock, events } = host.services;
  const log = host.log.child({ step: name });
  const startedAt = clock.now();
  // A step run again (a retried or recovered run) keeps the errors of the attempts its earlier run attempts made.
  const errors: RunError[] = [...(host.journal.step(name)?.attemptErrors ?? [])];
  const record = (status: StepRunRecord['status'], attempts: number, extra: Partial<StepRunRecord> = {}): StepRunRecord => ({
    name,
    ...(group === undefined ? {} : { group }),
    status,
    attempts,
    startedAt,
    ...(errors.length === 0 ? {} : { error: errors.at(-1)!, attemptErrors: [...errors] }),
    ...extra,
  });
  const end = async (status: StepRunRecord['status'], attempts: number, extra: Partial<StepRunRecord> = {}): Promise<void> => {
    const finished = record(status, attempts, { ...extra, finishedAt: clock.now() });
    await host.journal.recordStep(finished);
    if (events.has('step.finished')) {
      events.emit('step.finished', {
        workflow: host.workflow,
        runId: host.runId,
        step: name,
        attempt: attempts,
        durationMs: finished.finishedAt! - startedAt,
        record: finished,
      });
    }
  };

  // A step is written when it ends, and when an attempt fails and another follows: what a resume reads is the
  // checkpoint of a step that succeeded, so the start of an attempt costs no write.
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1) {
      log.debug('Step started');
      events.emit('step.started', { workflow: host.workflow, runId: host.runId, step: name, attempt });
    }
    let output: unknown;
    try {
      output = await attemptStep(host, step, name, work, input, signal, log, attempt);
    } catch (thrown) {
      if (signal.aborted) {
        errors.push(toRunError(signal.reason));
        await end('cancelled', attempt);
        throw signal.reason;
      }
      const error = toError(thrown);
      errors.push(toRunError(error));
      if (attempt < step.retry.attempts && shouldRetry(step.retry, error, log)) {
        const delayMs = retryDelay(step.retry, attempt);
        log.warn('Step attempt failed; retrying', { attempt, delayMs, error: error.message });
        events.emit('step.retried', { workflow: host.workflow, runId: host.runId, step: name, attempt, delayMs, error: errors.at(-1)! });
        await host.journal.recordStep(record('running', attempt));
        if (await clock.sleep(delayMs, signal)) continue;
        await end('cancelled', attempt);
        throw signal.reason;
      }
      await end(BatonError.is(error, BatonErrorCode.WorkflowStepTimeout) ? 'timed_out' : 'failed', attempt);
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
      await end('failed', attempt);
      log.error('Step failed', { attempts: attempt, error: toError(error) });
      throw error;
    }
    await end('succeeded', attempt, { output: checkpoint, ...optionalSummary(output) });
    log.info('Step succeeded', { attempts: attempt });
    return output;
  }
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
  runSignal: AbortSignal,
): Promise<Record<string, unknown>> {
  const group = new AbortController();
  const onAbort = (): void => group.abort(runSignal.reason);
  runSignal.addEventListener('abort', onAbort, { once: true });
  let firstFailure: { error: unknown } | undefined;
  try {
    const outputs = await Promise.allSettled(
      step.members.map(async ({ key, run }) => {
        if (done.has(key!)) return done.get(key!);
        try {
          return await runStep(host, step, `${step.name}.${key!}`, step.name, run, input, group.signal);
        } catch (error) {
          if (firstFailure === undefined && !group.signal.aborted) {
            firstFailure = { error };
            group.abort(error);
          }
          throw error;
        }
      }),
    );
    if (runSignal.aborted) throw runSignal.reason;
    if (firstFailure !== undefined) throw firstFailure.error;
    const output: Record<string, unknown> = {};
    outputs.forEach((result, index) => (output[step.members[index]!.key!] = (result as PromiseFulfilledResult<unknown>).value));
    return output;
  } finally {
    runSignal.removeEventListener('abort', onAbort);
  }
}

/**
 * One attempt. A step without a timeout gets its run's (or its group's) signal; a step with one gets a signal of its
 * own, which also aborts when the timeout passes on the Clock. The attempt settles when the step does, or as soon as
 * that signal aborts: a step that ignores its signal is abandoned.
 */
async function attemptStep(
  host: StepHost,
  step: StepDefinition,
  name: string,
  work: ErasedStep,
  input: unknown,
  parent: AbortSignal,
  log: Logger,
  attempt: number,
): Promise<unknown> {
  parent.throwIfAborted();
  if (step.timeoutMs === undefined) return raceAbort(() => work(host.context(input, parent, log, attempt)), parent);
  const { timeoutMs } = step;
  const attemptAbort = new AbortController();
  const onParentAbort = (): void => attemptAbort.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
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
    return await raceAbort(() => work(host.context(input, attemptAbort.signal, log, attempt)), attemptAbort.signal);
  } finally {
    parent.removeEventListener('abort', onParentAbort);
    timer.abort(SETTLED);
  }
}

/**
 * Calls `work` and settles as it does, or rejects with `signal`'s reason as soon as `signal` aborts, whichever comes
 * first; a throw from `work` is a rejection. What `work` does after an abort is ignored.
 */
export function raceAbort<T>(work: () => T | PromiseLike<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    try {
      Promise.resolve(work()).then(
        (value) => (settle(), resolve(value)),
        (error: unknown) => (settle(), reject(error as Error)),
      );
    } catch (error) {
      settle();
      reject(error as Error);
    }
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

function optionalSummary(output: unknown): { outputSummary?: string } {
  const outputSummary = summarize(output);
  return outputSummary === undefined ? {} : { outputSummary };
}
