// A run's compensations: after a step fails for good (or the run aborts with compensateOnAbort), the completed steps'
// compensations run in reverse order, each recorded on its step and reported by events and log lines.
import type { RunError } from '../Runs/RunRecord.js';
import { optional } from './optional.js';
import { rejectWhenAborted } from './StepAttempt.js';
import type { StepJournal } from './StepJournal.js';
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
    let error: RunError | undefined;
    try {
      const running = Promise.resolve().then(() => step.compensate!(journal.context(input, { signal }, log, attempts), output));
      await Promise.race([running, rejectWhenAborted(signal)]);
    } catch (thrown) {
      error = toRunError(thrown);
      failed = true;
    }
    await journal.compensation(names, { status: error === undefined ? 'succeeded' : 'failed', startedAt, finishedAt: clock.now(), ...optional('error', error) });
    if (error === undefined) log.info('Compensation succeeded');
    else log.error('Compensation failed', { error: error.message });
    events.emit('compensation.finished', { ...event, ...optional('error', error) });
  }
  return failed ? 'failed' : 'ok';
}
