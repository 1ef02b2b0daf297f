import type { Logger } from '../Logging/Logger.js';
import { toError } from '../Errors/toError.js';

/** A tiny typed event emitter: synchronous, in subscription order; a throwing listener is logged and skipped. */
export class EventHub<TEvents extends object> {
  readonly #listeners = new Map<keyof TEvents, Set<(payload: never) => void>>();

  constructor(private readonly log: () => Logger) {}

  on<E extends keyof TEvents>(event: E, listener: (payload: TEvents[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<E extends keyof TEvents>(event: E, payload: TEvents[E]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: TEvents[E]) => void)(payload);
      } catch (error) {
        this.log().error('A workflow event listener threw', { event: String(event), error: toError(error) });
      }
    }
  }
}
