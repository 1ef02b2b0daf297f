import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';

const noop = (): void => {};

/** Rejects with `signal.reason` once `signal` aborts. */
export function rejectWhenAborted(signal: AbortSignal): Promise<never> {
  const promise = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  promise.catch(noop);
  return promise;
}

/**
 * Runs one attempt of a step: `work` gets a signal that aborts with `parent`, or when `timeoutMs` passes on `clock`.
 * The attempt settles when the work does or as soon as the signal aborts: a step that ignores its signal is abandoned.
 */
export async function attemptStep<T>(
  work: (signal: AbortSignal) => T | PromiseLike<T>,
  parent: AbortSignal,
  clock: Clock,
  timeoutMs: number | undefined,
  describeTimeout: () => string,
): Promise<T> {
  parent.throwIfAborted();
  const controller = new AbortController();
  const forward = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  const timer = new AbortController();
  if (timeoutMs !== undefined) {
    void clock.sleep(timeoutMs, timer.signal).then((elapsed) => {
      if (elapsed) controller.abort(new BatonError(BatonErrorCode.WorkflowStepTimeout, describeTimeout()));
    });
  }
  try {
    const running = Promise.resolve().then(() => work(controller.signal));
    // An abandoned step may reject later; that is not an unhandled rejection.
    running.catch(noop);
    return await Promise.race([running, rejectWhenAborted(controller.signal)]);
  } finally {
    timer.abort();
    parent.removeEventListener('abort', forward);
  }
}
