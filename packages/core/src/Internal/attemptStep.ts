import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import type { WorkflowAbort } from './WorkflowAbort.js';

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
 * The reason a finished wait is aborted with: aborting with a reason of our own skips building a DOMException, and
 * nothing reads the reason of these internal signals.
 */
export const SETTLED = Object.freeze({ settled: true });

/**
 * Runs one attempt of a step: `work` gets a signal that aborts with `parent` (the run's or its group's abort), or when
 * `timeoutMs` passes on `clock`.
 * The attempt settles when the work does or as soon as the signal aborts: a step that ignores its signal is abandoned.
 *
 * @remarks `work` receives a getter: the signal (an AbortController) is created only when the step reads it, already
 * aborted if the attempt was; a step that never looks at its signal costs no AbortController. Once the attempt has
 * settled the signal no longer follows `parent` (it stays as it was), as before.
 */
export function attemptStep<T>(
  work: (signal: () => AbortSignal) => T | PromiseLike<T>,
  parent: WorkflowAbort,
  clock: Clock,
  timeoutMs: number | undefined,
  describeTimeout: () => string,
): Promise<T> {
  if (parent.aborted) return Promise.reject(parent.reason as Error);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let aborted: { readonly reason: unknown } | undefined;
    let controller: AbortController | undefined;
    let timer: AbortController | undefined;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      unsubscribe();
      timer?.abort(SETTLED);
      return true;
    };
    const abort = (reason: unknown): void => {
      if (settled || aborted !== undefined) return;
      aborted = { reason };
      settle();
      reject(reason);
      controller?.abort(reason);
    };
    const signal = (): AbortSignal => {
      if (controller === undefined) {
        controller = new AbortController();
        if (aborted !== undefined) controller.abort(aborted.reason);
      }
      return controller.signal;
    };
    const unsubscribe = parent.subscribe(() => abort(parent.reason));
    if (timeoutMs !== undefined) {
      timer = new AbortController();
      void clock.sleep(timeoutMs, timer.signal).then((elapsed) => {
        if (elapsed) abort(new BatonError(BatonErrorCode.WorkflowStepTimeout, describeTimeout()));
      });
    }
    // An abandoned step may reject later; that is not an unhandled rejection (the handlers below ignore it).
    Promise.resolve()
      .then(() => work(signal))
      .then(
        (value) => {
          if (settle()) resolve(value);
        },
        (error: unknown) => {
          if (settle()) reject(error);
        },
      );
  });
}
