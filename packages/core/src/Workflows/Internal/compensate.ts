// A run's compensations: after a step fails for good (or the run aborts with compensateOnAbort, or an operator undoes
// the run), the completed steps' compensations run in reverse order, each retried as its step's compensateRetry says,
// recorded on its step and reported by events and log lines.
import { toError } from '../../Errors/toError.js';
import type { RunError } from '../../Runs/RunRecord.js';
import { optional } from './optional.js';
import { retryDelay } from './retryDelay.js';
import { RunAbort } from './RunAbort.js';
import type { StepHost } from './StepRunner.js';
import { raceAbort, shouldRetry } from './StepRunner.js';
import { toRunError } from './toRunError.js';
import type { StepDefinition } from './WorkflowDefinition.js';

/** A completed step, with what its compensation is called with (from memory, or from checkpoints). */
export interface CompletedStep {
  readonly step: StepDefinition;
  readonly input: unknown;
  readonly output: unknown;
}

/**
 * Runs the compensations of `completed` in reverse order; every one runs even if another throws. A compensation is
 * abandoned when `signal` (the host's hard stop) aborts. `'none'` when no completed step has a compensation.
 */
export async function compensate(host: StepHost, completed: readonly CompletedStep[], signal: AbortSignal): Promise<'none' | 'ok' | 'failed'> {
  const targets = completed.filter((entry) => entry.step.compensate !== undefined).reverse();
  if (targets.length === 0) return 'none';
  const { clock, events } = host.services;
  const abort = new RunAbort(signal);
  let failed = false;
  try {
    for (const { step, input, output } of targets) {
      const names = step.parallel ? step.members.map(({ key }) => `${step.name}.${key!}`) : [step.name];
      const event = { workflow: host.workflow, runId: host.runId, step: step.name };
      const startedAt = clock.now();
      await host.journal.recordCompensation(names, { status: 'running', startedAt });
      host.log.info('Compensation started', { step: step.name });
      events.emit('compensation.started', event);
      const { error, attempts } = await undo(host, step, input, output, abort);
      if (error !== undefined) failed = true;
      const finishedAt = clock.now();
      await host.journal.recordCompensation(names, {
        status: error === undefined ? 'succeeded' : 'failed',
        startedAt,
        finishedAt,
        attempts,
        ...optional('error', error),
      });
      if (error === undefined) host.log.info('Compensation succeeded', { step: step.name });
      else host.log.error('Compensation failed', { step: step.name, error: error.message });
      events.emit('compensation.finished', { ...event, durationMs: finishedAt - startedAt, attempts, ...optional('error', error) });
    }
  } finally {
    abort.dispose();
  }
  return failed ? 'failed' : 'ok';
}

/** Runs one step's compensation, retried on its `compensateRetry` policy, until it succeeds, gives up or `abort` fires. */
async function undo(
  host: StepHost,
  step: StepDefinition,
  input: unknown,
  output: unknown,
  abort: RunAbort,
): Promise<{ readonly error: RunError | undefined; readonly attempts: number }> {
  const policy = step.compensateRetry;
  const log = host.log.child({ step: step.name });
  for (let attempts = 1; ; attempts++) {
    try {
      await raceAbort((context) => step.compensate!(context, output), host.context(input, abort, log, attempts), abort);
      return { error: undefined, attempts };
    } catch (thrown) {
      const error = toError(thrown);
      if (attempts >= policy.attempts || abort.aborted || !shouldRetry(policy, error, log)) return { error: toRunError(thrown), attempts };
      const delayMs = retryDelay(policy, attempts);
      log.warn('Compensation attempt failed; retrying', { attempt: attempts, delayMs, error: error.message });
      if (!(await host.services.clock.sleep(delayMs, abort.signal))) return { error: toRunError(thrown), attempts };
    }
  }
}
