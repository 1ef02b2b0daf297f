import type { Clock } from './Clock.js';

// setTimeout cannot wait longer than 2^31-1 ms; longer waits are chained.
const MAX_TIMER_MS = 2_147_483_647;

/** The wall clock: `Date.now()` and `setTimeout`. */
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
      const onAbort = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(false);
      };
      const arm = (): void => {
        const remaining = epochMs - Date.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
          return;
        }
        timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  }
}

/** The process-wide {@link SystemClock}. */
export const systemClock: Clock = new SystemClock();
