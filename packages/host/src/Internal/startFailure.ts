import { BatonError, BatonErrorCode, toError } from '@baton/core';
import type { ClockDeadline } from './ClockDeadline.js';
import { StartInterrupted } from './StartInterrupted.js';

/** Why `start()` did not reach `running`, as the host knows it once every phase has returned. */
export interface StartFailureFacts {
  /** What the start phases threw, if anything (a stop request may interrupt a start that threw nothing). */
  readonly failure: unknown;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /** The startup timeout, when one is set. */
  readonly deadline: ClockDeadline | undefined;
  readonly startupTimeoutMs: number | undefined;
  /** The first fault recorded while starting (a service's or the process's), if any. */
  readonly fault: Error | undefined;
}

/**
 * The error `start()` rejects with: the phase's own error, or, for an interrupted phase, which interruption it was
 * (`BATON_ERR_HOST_STARTUP_TIMEOUT`, or `BATON_ERR_HOST_START_CANCELLED` by the caller's signal, a fault or `stop()`),
 * naming the service and phase that were pending.
 */
export function startFailure({ failure, signal, deadline, startupTimeoutMs, fault }: StartFailureFacts): Error {
  if (!(failure instanceof StartInterrupted) && failure !== undefined) return toError(failure);
  const interrupted = failure instanceof StartInterrupted;
  const pending = interrupted ? ` ('${failure.entry.displayName}' was in ${failure.phase})` : '';
  if (interrupted && deadline?.passed) {
    return new BatonError(
      BatonErrorCode.HostStartupTimeout,
      `The hosted services did not start within the startup timeout of ${startupTimeoutMs} ms${pending}. ` +
        'Make start() return sooner (long work belongs in execute), or raise startupTimeout.',
    );
  }
  if (interrupted && signal?.aborted) {
    return new BatonError(BatonErrorCode.HostStartCancelled, `start() was cancelled by its signal${pending}.`, { cause: signal.reason });
  }
  if (fault !== undefined) {
    return new BatonError(BatonErrorCode.HostStartCancelled, `The host stopped while starting because ${fault.message}${pending}.`, { cause: fault });
  }
  return new BatonError(BatonErrorCode.HostStartCancelled, `stop() was called while the host was starting${pending}.`);
}
