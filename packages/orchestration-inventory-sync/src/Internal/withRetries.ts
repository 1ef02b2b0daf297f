import { Clock, parseDuration, systemClock, type RetryOptions, type StepContext } from '@baton/core';
import { isRetryable } from './isRetryable.js';

/**
 * Runs `work` with the step retry policy's attempts and (exponential, capped) delays, on the host's Clock. Used for
 * compensations, which the workflow engine runs once: an undo that meets a passing outage should not leave an
 * order standing.
 */
export async function withRetries<T>(context: StepContext<unknown>, policy: RetryOptions, work: () => Promise<T>): Promise<T> {
  const clock = tryClock(context);
  const base = parseDuration(policy.delay ?? '1s');
  const cap = policy.maxDelay === undefined ? Infinity : parseDuration(policy.maxDelay);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !(error instanceof Error) || !isRetryable(error) || context.signal.aborted) throw error;
      const delay = Math.min(cap, policy.backoff === 'fixed' ? base : base * 2 ** (attempt - 1));
      context.log.warn('Compensation attempt failed; retrying', { attempt, delayMs: delay, error: error.message });
      if (!(await clock.sleep(delay, context.signal))) throw error;
    }
  }
}

function tryClock(context: StepContext<unknown>): Clock {
  try {
    return context.get(Clock);
  } catch {
    return systemClock;
  }
}
