import { token } from '../DependencyInjection/Token.js';

/**
 * The source of time for everything time-based in Baton. The host uses {@link SystemClock};
 * `@baton/testing` swaps in a virtual clock that tests move by hand.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves `true` once `now() >= epochMs`, or `false` as soon as `signal` aborts (never rejects).
   * @param signal - Aborts the wait; the promise then resolves `false`.
   */
  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Like {@link Clock.sleepUntil}, `ms` from now. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

/** DI token for the host's {@link Clock}. */
export const Clock = token<Clock>('@baton/core/Clock');
