import type { Logger } from '../../Logging/Logger.js';
import { toError } from '../../Errors/toError.js';

type Listener = (payload: never) => void;

/** A tiny typed event emitter: synchronous, in subscription order; a throwing listener is logged and skipped. */
export class EventHub<TEvents extends object> {
  // Copy-on-write lists (a listener at most once each): `emit` walks the list as it was when the event was emitted,
  // without copying it, and subscribing or unsubscribing during an emit affects only later emits.
  readonly #listeners = new Map<keyof TEvents, readonly Listener[]>();

  constructor(private readonly log: () => Logger) {}

  on<E extends keyof TEvents>(event: E, listener: (payload: TEvents[E]) => void): () => void {
    const entry = listener as Listener;
    const current = this.#listeners.get(event) ?? [];
    if (!current.includes(entry)) this.#listeners.set(event, [...current, entry]);
    return () => {
      const list = this.#listeners.get(event);
      if (list === undefined || !list.includes(entry)) return;
      const rest = list.filter((item) => item !== entry);
      if (rest.length === 0) this.#listeners.delete(event);
      else this.#listeners.set(event, rest);
    };
  }

  /** Whether `event` has a listener now: lets an emitter skip building a payload no one receives. */
  has(event: keyof TEvents): boolean {
    return this.#listeners.has(event);
  }

  emit<E extends keyof TEvents>(event: E, payload: TEvents[E]): void {
    const list = this.#listeners.get(event);
    if (list === undefined) return;
    for (const listener of list) {
      try {
        (listener as (payload: TEvents[E]) => void)(payload);
      } catch (error) {
        this.log().error('A workflow event listener threw', { event: String(event), error: toError(error) });
      }
    }
  }
}
