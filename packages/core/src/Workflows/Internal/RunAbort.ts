// The abort of a run, of a parallel group, or of one attempt of a step: cancel, a timeout, the host stopping, a lost
// lease, a group member failing for good. It does what an AbortController does for the runner, with two differences
// that a profile of the runs-per-second bench showed to matter (together ~5 µs of ~45 µs per three-step run on
// Node 20): the AbortSignal a step sees (`StepContext.signal`) is made only when something reads it, and the runner
// listens with plain callbacks instead of event listeners on that signal.

type Listener = (reason: unknown) => void;

export class RunAbort {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  // The first listener in a field of its own, a Set only for more: a run listens with one callback at a time (its
  // step's race), and a Set per run was an allocation per run
  // for the GC (10,000 every-second workflows: with raceAbort's plain-value path, 34% -> 30% of a core). `#first` is older than
  // every listener in `#more`, so they are called in the order they came.
  #first: Listener | undefined;
  #more: Set<Listener> | undefined;
  readonly #unlink: (() => void) | undefined;

  /** @param parent - Aborts this one too, with its reason, until {@link RunAbort.dispose} (a group's or an attempt's run). */
  constructor(parent?: RunAbort | AbortSignal) {
    if (parent === undefined) return;
    const follow = (reason: unknown): void => this.abort(reason);
    if (parent instanceof RunAbort) {
      if (parent.aborted) this.abort(parent.reason);
      else {
        parent.listen(follow);
        this.#unlink = () => parent.unlisten(follow);
      }
    } else if (parent.aborted) this.abort(parent.reason);
    else {
      const onAbort = (): void => follow(parent.reason);
      parent.addEventListener('abort', onAbort, { once: true });
      this.#unlink = () => parent.removeEventListener('abort', onAbort);
    }
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why it aborted; `undefined` until it has. */
  get reason(): unknown {
    return this.#reason;
  }

  /** The AbortSignal steps and I/O see: made on first read, aborted with the same reason. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts once; later calls do nothing. Without a reason, the reason is an AbortError, as for an AbortController. */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.#unlink?.();
    const first = this.#first;
    const more = this.#more;
    this.#first = this.#more = undefined;
    first?.(this.#reason);
    if (more !== undefined) for (const listener of more) listener(this.#reason);
    this.#controller?.abort(this.#reason);
  }

  /** Calls `listener` with the reason when it aborts (not if it has already). */
  listen(listener: Listener): void {
    if (listener === this.#first) return;
    if (this.#first === undefined && this.#more === undefined) this.#first = listener;
    else (this.#more ??= new Set()).add(listener);
  }

  unlisten(listener: Listener): void {
    if (listener === this.#first) this.#first = undefined;
    else this.#more?.delete(listener);
  }

  /** Stops following the parent: the group or the attempt has ended. */
  dispose(): void {
    this.#unlink?.();
  }

  /** Throws the reason if it has aborted. */
  throwIfAborted(): void {
    if (this.#aborted) throw this.#reason;
  }
}
