import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { Clock } from '../../Time/Clock.js';
import { isPromiseLike } from './isPromiseLike.js';
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

/** Where a context's `signal` comes from: a step attempt (made on first read), or the compensation signal. */
export interface SignalSource {
  readonly signal: AbortSignal;
}

/**
 * One attempt of a step: the step gets a signal that aborts with `parent` (the run's or its group's abort), or when
 * the step's timeout passes on the clock. The attempt settles when the step does or as soon as the signal aborts: a
 * step that ignores its signal is abandoned.
 *
 * @remarks The attempt is the context's {@link SignalSource}: the AbortController is created only when the step reads
 * `signal`, already aborted if the attempt was. A step that returns a plain value has finished: its value comes back
 * as it is, with no promise, no timer and no subscription. Only a step that returns a promise is raced against
 * `parent` and the timeout. Once the attempt has settled the signal no longer follows `parent` (it stays as it was).
 */
export class StepAttempt implements SignalSource {
  readonly #parent: WorkflowAbort;
  #controller: AbortController | undefined;
  #aborted: { readonly reason: unknown } | undefined;

  constructor(parent: WorkflowAbort) {
    this.#parent = parent;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted !== undefined) this.#controller.abort(this.#aborted.reason);
    }
    return this.#controller.signal;
  }

  /**
   * Calls `work(context)` and returns its value, or a promise of it raced against the abort and the timeout.
   * @param timeout - The step's timeout on `clock`, and the message of its BATON_ERR_WORKFLOW_STEP_TIMEOUT.
   */
  run<C, T>(work: (context: C) => T | PromiseLike<T>, context: C, timeout?: { readonly ms: number; readonly clock: Clock; readonly message: () => string }): T | Promise<T> {
    const parent = this.#parent;
    if (parent.aborted) return Promise.reject(parent.reason as Error);
    let result: T | PromiseLike<T>;
    try {
      result = work(context);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (!isPromiseLike(result)) return result;
    const pending = result;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: AbortController | undefined;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        unsubscribe();
        timer?.abort(SETTLED);
        return true;
      };
      const abort = (reason: unknown): void => {
        if (!settle()) return;
        this.#aborted = { reason };
        reject(reason);
        this.#controller?.abort(reason);
      };
      const onParentAbort = (): void => abort(parent.reason);
      const unsubscribe = (): void => parent.unsubscribe(onParentAbort);
      parent.subscribe(onParentAbort);
      if (parent.aborted) return abort(parent.reason);
      if (timeout !== undefined) {
        timer = new AbortController();
        void timeout.clock.sleep(timeout.ms, timer.signal).then((elapsed) => {
          if (elapsed) abort(new BatonError(BatonErrorCode.WorkflowStepTimeout, timeout.message()));
        });
      }
      // An abandoned step may reject later; that is not an unhandled rejection (the handlers below ignore it).
      Promise.resolve(pending).then(
        (value) => {
          if (settle()) resolve(value);
        },
        (error: unknown) => {
          if (settle()) reject(error);
        },
      );
    });
  }
}
