import type { Clock } from '@baton/core';

/**
 * An AbortSignal that aborts when `clock` reaches a deadline: the host's budgets run on its Clock (not on
 * AbortSignal.timeout), so a virtual clock in tests drives them. Call {@link ClockDeadline.dispose} when done, so a
 * system clock's timer does not keep the process alive.
 */
export class ClockDeadline {
  readonly #controller = new AbortController();
  readonly #released = new AbortController();
  /** When the deadline falls (epoch ms). */
  readonly at: number;

  /**
   * @param reason - The abort reason once the deadline passes; `isAbortError` recognises it as a timeout.
   */
  constructor(clock: Clock, at: number, reason: string) {
    this.at = at;
    void clock.sleepUntil(at, this.#released.signal).then((reached) => {
      if (reached) this.#controller.abort(timeoutError(reason));
    });
  }

  /** Aborts once the deadline has passed. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the deadline has passed. */
  get passed(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Releases the clock's sleeper; the signal never aborts afterwards. */
  dispose(): void {
    this.#released.abort();
  }
}

function timeoutError(message: string): Error {
  const error = new Error(message);
  error.name = 'TimeoutError';
  return error;
}
