/**
 * An object whose start and stop are driven by the host.
 *
 * @remarks The optional hooks run around start and stop, in the same order as `start`/`stop`:
 * `starting` → `start` → `started` (registration order), `stopping` → `stop` → `stopped` (reverse order).
 */
export interface HostedService {
  /**
   * Called once, in registration order, when the host starts.
   * @param signal - Aborts if startup is cancelled (stop requested or the startup timeout passed).
   */
  start(signal: AbortSignal): Promise<void>;
  /**
   * Called once, in reverse registration order, when the host stops.
   * @param signal - Aborts when the shutdown budget has run out; return promptly once it does.
   */
  stop(signal: AbortSignal): Promise<void>;
  /** Before {@link HostedService.start}. */
  starting?(signal: AbortSignal): Promise<void>;
  /** After every service has started. */
  started?(signal: AbortSignal): Promise<void>;
  /** Before {@link HostedService.stop}. */
  stopping?(signal: AbortSignal): Promise<void>;
  /** After every service has stopped. */
  stopped?(signal: AbortSignal): Promise<void>;
}

/** Whether `value` looks like a {@link HostedService} (has `start` and `stop` functions). */
export function isHostedService(value: unknown): value is HostedService {
  return (
    typeof value === 'object' && value !== null && typeof (value as HostedService).start === 'function' && typeof (value as HostedService).stop === 'function'
  );
}
