import type { Duration } from '../Time/Duration.js';

/** How a `restart` policy backs off. Delays grow `initialDelay * 2^n` up to `maxDelay`, each with ± `jitter`. */
export interface RestartOptions {
  /** Restarts allowed before the policy falls back to `stop-host`. Defaults to 5. */
  readonly maxRestarts?: number;
  /** Delay before the first restart. Defaults to `'1s'`. */
  readonly initialDelay?: Duration;
  /** Cap on the delay. Defaults to `'30s'`. */
  readonly maxDelay?: Duration;
  /** Random spread applied to each delay, as a fraction of it (0 to 1). Defaults to 0.2. */
  readonly jitter?: number;
}

/**
 * What the host does when a hosted service faults (its `execute` rejects):
 * - `'stop-host'` (default): log it and stop the host; `run()` then exits non-zero.
 * - `'ignore'`: log it; the other services keep running.
 * - `'restart'` or `{ restart: {...} }`: restart the service with exponential backoff and jitter; after
 *   `maxRestarts` restarts, the next fault stops the host.
 */
export type ExceptionPolicy = 'stop-host' | 'ignore' | 'restart' | { readonly restart: RestartOptions };
