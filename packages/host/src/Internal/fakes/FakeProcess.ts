import type { ProcessLike } from '../ProcessSignalLifetime.js';

type Event = Parameters<ProcessLike['on']>[0];

/** A stand-in for `process` in unit tests of `run()`: emit signals and faults by hand, record exit codes. */
export class FakeProcess implements ProcessLike {
  readonly exitCodes: number[] = [];
  readonly #listeners = new Map<Event, ((value: unknown) => void)[]>();

  on(event: Event, listener: (value: unknown) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  off(event: Event, listener: (value: unknown) => void): this {
    this.#listeners.set(
      event,
      (this.#listeners.get(event) ?? []).filter((existing) => existing !== listener),
    );
    return this;
  }

  exit(code: number): void {
    this.exitCodes.push(code);
  }

  /** Delivers `event` to the current listeners, as the process would. */
  emit(event: Event, value?: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(value);
  }

  /** How many listeners are installed, over all events. */
  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((count, listeners) => count + listeners.length, 0);
  }
}
