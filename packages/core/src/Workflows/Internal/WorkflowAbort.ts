// Cancellation of a run (or of a parallel group within it) without an AbortController per run: the engine and the
// run's steps only need "aborted?", "why?" and "tell me when"; a real AbortSignal is made only for code that needs
// one (a retry's sleep on the Clock), already aborted if the run was.

/** Where an attempt's abort comes from: a run's {@link WorkflowAbort}, or a group's. */
export class WorkflowAbort {
  #aborted = false;
  #reason: unknown = undefined;
  #controller: AbortController | undefined;
  // The first listener has a slot of its own (a run subscribes one, and most aborts have no other), later ones a list.
  // Calls go slot first, then the list: the slot is only filled while the list is empty, so order is kept.
  #first: (() => void) | undefined;
  #listeners: (() => void)[] | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** The reason given to {@link WorkflowAbort.abort}; `undefined` until then. */
  get reason(): unknown {
    return this.#reason;
  }

  /** An AbortSignal that follows this abort (made on first read). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts once with `reason` (later calls do nothing): the signal first, then the listeners in subscription order. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const first = this.#first;
    const listeners = this.#listeners;
    this.#first = undefined;
    this.#listeners = undefined;
    first?.();
    if (listeners !== undefined) for (const listener of listeners) listener();
  }

  /** Calls `listener` once when this aborts (not if it already has); see {@link WorkflowAbort.unsubscribe}. */
  subscribe(listener: () => void): void {
    if (this.#aborted) return;
    if (this.#first === undefined && (this.#listeners === undefined || this.#listeners.length === 0)) this.#first = listener;
    else (this.#listeners ??= []).push(listener);
  }

  /** Removes `listener` (no-op if it is not subscribed). No closure per subscription: the hot path subscribes per run. */
  unsubscribe(listener: () => void): void {
    if (this.#first === listener) {
      this.#first = undefined;
      return;
    }
    const listeners = this.#listeners;
    if (listeners === undefined) return;
    const index = listeners.lastIndexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }
}
