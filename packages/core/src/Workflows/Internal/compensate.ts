// A run's compensations: after a step fails for good (or the run aborts with compensateOnAbort), the completed steps'
// compensations run in reverse order, each retried as its step's compensateRetry says, recorded on its step and
// reported by events and log lines.
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunError } from '../../Runs/RunRecord.js';
import type { Clock } from '../../Time/Clock.js';
import { optional } from './optional.js';
import { retryDelay } from './retryDelay.js';
import { rejectWhenAborted } from './StepAttempt.js';
import type { StepJournal } from './StepJournal.js';
import { shouldRetry } from './StepRunner.js';
import { toRunError } from './toRunError.js';
import type { StepDefinition } from './WorkflowDefinition.js';

/** A completed step, with what its compensation is called with. */
export interface CompletedStep {
  readonly step: StepDefinition;
  readonly input: unknown;
  readonly output: unknown;
  readonly attempts: number;
}

/**
 * Runs the compensations of `completed` in reverse order; every one runs even if another throws. A compensation is
 * abandoned when `signal` (the host's hard stop) aborts. `'none'` when no completed step has a compensation.
 */
export async function compensate(journal: StepJournal, completed: readonly CompletedStep[] | undefined, signal: AbortSignal): Promise<'none' | 'ok' | 'failed'> {
  const targets = (completed ?? []).filter((entry) => entry.step.compensate !== undefined).reverse();
  if (targets.length === 0) return 'none';
  const { clock, events } = journal.deps;
  let failed = false;
  for (const { step, input, output, attempts } of targets) {
    const names = step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name];
    const event = { workflow: journal.workflow, runId: journal.request.id, step: step.name };
    const log = journal.log.child({ step: step.name });
    const startedAt = clock.now();
    await journal.compensation(names, { status: 'running', startedAt });
    log.info('Compensation started');
    events.emit('compensation.started', event);
    const { error, tries } = await undo(journal, step, input, output, attempts, log, clock, signal);
    if (error !== undefined) failed = true;
    await journal.compensation(names, { status: error === undefined ? 'succeeded' : 'failed', startedAt, finishedAt: clock.now(), attempts: tries, ...optional('error', error) });
    if (error === undefined) log.info('Compensation succeeded');
    else log.error('Compensation failed', { error: error.message });
    events.emit('compensation.finished', { ...event, ...optional('error', error) });
  }
  return failed ? 'failed' : 'ok';
}

/**
 * Runs one step's compensation, retried on its `compensateRetry` policy; an attempt is abandoned when `signal`
 * aborts, and no attempt follows then. Resolves with the last error (none when it succeeded) and the attempts made.
 */
async function undo(
  journal: StepJournal,
  step: StepDefinition,
  input: unknown,
  output: unknown,
  attempts: number,
  log: Logger,
  clock: Clock,
  signal: AbortSignal,
): Promise<{ readonly error: RunError | undefined; readonly tries: number }> {
  const policy = step.compensateRetry;
  for (let tries = 1; ; tries++) {
    try {
      const running = Promise.resolve().then(() => step.compensate!(journal.context(input, { signal }, log, attempts), output));
      await Promise.race([running, rejectWhenAborted(signal)]);
      return { error: undefined, tries };
    } catch (thrown) {
      const error = toError(thrown);
      if (tries >= policy.attempts || signal.aborted || !shouldRetry(policy, error, log)) return { error: toRunError(thrown), tries };
      const delayMs = retryDelay(policy, tries);
      log.warn('Compensation attempt failed; retrying', { attempt: tries, delayMs, error: error.message });
      if (!(await clock.sleep(delayMs, signal))) return { error: toRunError(thrown), tries };
    }
  }
}
