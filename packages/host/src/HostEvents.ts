import type { StopResult } from './StopResult.js';

/**
 * The lifetime events of a host and their listeners, for `host.on(event, listener)`.
 *
 * @remarks Listeners run synchronously, in the order they were added. A listener that throws is logged and does
 * not disturb the host or the other listeners.
 */
export interface HostEvents {
  /** Every hosted service has started (and every `started` hook has run). */
  started: () => void;
  /** The host has begun to stop, before any `stopping` hook runs. */
  stopping: () => void;
  /** The host has stopped and disposed its services; the listener receives the same result `stop()` resolves with. */
  stopped: (result: StopResult) => void;
}
