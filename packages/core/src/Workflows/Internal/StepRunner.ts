// The slow paths of a step, as async functions over a run's StepJournal: a step (or a parallel group's member) run to
// its end with retries, backoff on the Clock, timeouts and cancellation, and a parallel group. A plain step's first
// attempt runs in WorkflowRun's state machine and comes here only when it fails.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunError } from '../../Runs/RunRecord.js';
import { isPromiseLike } from './isPromiseLike.js';
import { retryDelay } from './retryDelay.js';
import { StepAttempt } from './StepAttempt.js';
import type { StepJournal } from './StepJournal.js';
import { stepRecord } from './StepJournal.js';
import { toRunError } from './toRunError.js';
import { WorkflowAbort } from './WorkflowAbort.js';
import type { ErasedStep, RetryPolicy, StepDefinition } from './WorkflowDefinition.js';

export interface StepResult {
  readonly output: unknown;
  readonly attempts: number;
}

/**
 * Runs a step (or a member of a parallel group) to its end: attempts, retries, records. `failed`: its first attempt
 * already ran (in WorkflowRun) and threw; go on from there. Rejects with the step's last error, or with `parent`'s
 * reason when it aborted.
 */
export async function runMember(
  journal: StepJournal,
  step: StepDefinition,
  name: string,
  group: string | undefined,
  run: ErasedStep,
  input: unknown,
  parent: WorkflowAbort,
  failed?: { readonly startedAt: number; readonly thrown: unknown },
): Promise<StepResult> {
  const log = journal.stepLog(name);
  const startedAt = failed?.startedAt ?? journal.deps.clock.now();
  // The error of the last failed attempt: the record carries it while the step is retried.
  let lastError: RunError | undefined;
  let attempt = 1;
  if (failed !== undefined) {
    lastError = await attemptFailed(journal, step, name, group, attempt, startedAt, parent, log, failed.thrown);
    attempt++;
  }
  for (; ; attempt++) {
    const began = journal.begin(name, group, attempt, startedAt, lastError, log);
    if (began !== undefined) await began;
    try {
      const attempted = attemptOnce(journal, step, name, run, input, parent, log, attempt);
      // A step that returned a plain value is not awaited: no turn of the event loop for it.
      const output = isPromiseLike(attempted) ? await attempted : attempted;
      const done = journal.succeeded(name, group, attempt, startedAt, output, log);
      if (done !== undefined) await done;
      return { output, attempts: attempt };
    } catch (thrown) {
      // Throws unless the step is retried.
      lastError = await attemptFailed(journal, step, name, group, attempt, startedAt, parent, log, thrown);
    }
  }
}

/**
 * Runs a parallel group's members together, each with its own retries; the first member to fail for good aborts the
 * others. Its output is an object of the members' outputs by key; its attempts, the most any member made.
 */
export async function runGroup(journal: StepJournal, step: StepDefinition, input: unknown, runAbort: WorkflowAbort): Promise<StepResult> {
  const group = new WorkflowAbort();
  const onAbort = (): void => group.abort(runAbort.reason);
  runAbort.subscribe(onAbort);
  let firstFailure: { error: unknown } | undefined;
  try {
    const settled = await Promise.allSettled(
      step.members.map(async ({ key, run }) => {
        try {
          return await runMember(journal, step, `${step.name}.${key!}`, step.name, run, input, group);
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
    let attempts = 0;
    settled.forEach((result, index) => {
      const value = (result as PromiseFulfilledResult<StepResult>).value;
      output[step.members[index]!.key!] = value.output;
      attempts = Math.max(attempts, value.attempts);
    });
    return { output, attempts };
  } finally {
    runAbort.unsubscribe(onAbort);
  }
}

/** Calls the step once: its value, or a promise of it raced against `parent` and the step's timeout. */
function attemptOnce(journal: StepJournal, step: StepDefinition, name: string, run: ErasedStep, input: unknown, parent: WorkflowAbort, log: Logger, attempt: number): unknown {
  const source = new StepAttempt(parent);
  const { timeoutMs } = step;
  const { workflow } = journal;
  return source.run(
    run,
    journal.context(input, source, log, attempt),
    timeoutMs === undefined
      ? undefined
      : { ms: timeoutMs, clock: journal.deps.clock, message: () => `Step '${name}' of workflow '${workflow}' timed out after ${timeoutMs} ms (attempt ${attempt}).` },
  );
}

/** Records a failed attempt: returns its error when the step is retried (after the delay), else throws. */
async function attemptFailed(
  journal: StepJournal,
  step: StepDefinition,
  name: string,
  group: string | undefined,
  attempt: number,
  startedAt: number,
  parent: WorkflowAbort,
  log: Logger,
  thrown: unknown,
): Promise<RunError> {
  const { clock, events } = journal.deps;
  if (parent.aborted) {
    await journal.finish(name, group, 'cancelled', attempt, startedAt, toRunError(parent.reason), undefined);
    throw parent.reason;
  }
  const error = toError(thrown);
  const runError = toRunError(error);
  if (attempt < step.retry.attempts && shouldRetry(step.retry, error, log)) {
    const delayMs = retryDelay(step.retry, attempt);
    await journal.write(stepRecord(name, group, 'running', attempt, startedAt, runError, undefined, undefined));
    log.warn('Step attempt failed; retrying', { attempt, delayMs, error: runError.message });
    events.emit('step.retried', { workflow: journal.workflow, runId: journal.request.id, step: name, attempt, delayMs, error: runError });
    if (!(await clock.sleep(delayMs, parent.signal))) {
      await journal.finish(name, group, 'cancelled', attempt, startedAt, toRunError(parent.reason), undefined);
      throw parent.reason;
    }
    return runError;
  }
  await journal.finish(name, group, BatonError.is(error, BatonErrorCode.WorkflowStepTimeout) ? 'timed_out' : 'failed', attempt, startedAt, runError, undefined);
  log.error('Step failed', { attempts: attempt, error: runError.message });
  throw error;
}

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
