import type { Logger } from '@baton/core';
import type { HostEvents } from '../HostEvents.js';

type Listeners = { [E in keyof HostEvents]: HostEvents[E][] };

/** The host's lifetime events. A listener that throws is logged; it never breaks the host or other listeners. */
export class HostEventEmitter {
  readonly #listeners: Listeners = { started: [], stopping: [], stopped: [] };
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  on<E extends keyof HostEvents>(event: E, listener: HostEvents[E]): void {
    this.#list(event).push(listener);
  }

  off<E extends keyof HostEvents>(event: E, listener: HostEvents[E]): void {
    const listeners = this.#list(event);
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  }

  emit<E extends keyof HostEvents>(event: E, ...args: Parameters<HostEvents[E]>): void {
    for (const listener of [...this.#list(event)]) {
      try {
        (listener as (...values: Parameters<HostEvents[E]>) => void)(...args);
      } catch (error) {
        this.#log.error(`A '${event}' listener threw`, { event: 'host:listener:failed', error });
      }
    }
  }

  #list<E extends keyof HostEvents>(event: E): HostEvents[E][] {
    const listeners = (this.#listeners as Partial<Listeners>)[event];
    if (listeners === undefined) throw new TypeError(`Unknown host event '${String(event)}'; expected started, stopping or stopped.`);
    return listeners as HostEvents[E][];
  }
}
