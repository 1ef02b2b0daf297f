import type { HostedService } from '@baton/core';

/** A start-side lifecycle method of a hosted service. */
export type StartPhase = 'starting' | 'start' | 'started';
/** A stop-side lifecycle method of a hosted service. */
export type StopPhase = 'stopping' | 'stop' | 'stopped';

/**
 * Calls one lifecycle method (a missing optional hook is a no-op) on a later microtask, so a synchronous throw
 * becomes a rejection like any other.
 */
export function callPhase(instance: HostedService, phase: StartPhase | StopPhase, signal: AbortSignal): Promise<void> {
  return Promise.resolve().then(() => instance[phase]?.(signal));
}
