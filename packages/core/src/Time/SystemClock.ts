import type { Clock } from './Clock.js';

// setTimeout cannot wait longer than 2^31-1 ms; longer waits are chained.
const MAX_TIMER_MS = 2_147_483_647;
// Timers fire on libuv's cached loop time, typically 1-2 ms after the due instant. Waking this much early and
// finishing the wait on setImmediate turns brings a due tick to within a fraction of a millisecond.
const EARLY_WAKE_MS = 2;

/**
 * The wall clock: `Date.now()` and `setTimeout`.
 *
 * @remarks A sleep never resolves within its caller's turn of the event loop: one until an instant already past
 * resolves on the next `setImmediate` turn, so a loop of sleeps (a scheduler draining one due entry after another)
 * always gives timers, I/O and signal handlers their turn.
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.sleepUntil(Date.now() + Math.max(0, ms), signal);
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let immediate: NodeJS.Immediate | undefined;
      const onAbort = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        if (immediate !== undefined) clearImmediate(immediate);
        resolve(false);
      };
      const arm = (): void => {
        const remaining = epochMs - Date.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
          return;
        }
        if (remaining <= EARLY_WAKE_MS) immediate = setImmediate(arm);
        else timer = setTimeout(arm, Math.min(remaining - EARLY_WAKE_MS, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Due already: still wait for a macrotask, never resolve from here (the caller's reaction would be a microtask).
      if (epochMs - Date.now() <= 0) immediate = setImmediate(arm);
      else arm();
    });
  }
}

/** The process-wide {@link SystemClock}. */
export const systemClock: Clock = new SystemClock();
