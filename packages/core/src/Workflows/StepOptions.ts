import type { Duration } from '../Time/Duration.js';
import type { StepContext } from './StepContext.js';

/**
 * How a step is retried. Delays are measured on the host's Clock and cut short when the run is aborted.
 *
 * @remarks The delay after failed attempt `n` (from 1) is `delay` for `'fixed'`, `delay * 2^(n-1)` for
 * `'exponential'`, or the given Duration itself; it is capped at `maxDelay`, then spread by ± `jitter`.
 */
export interface RetryOptions {
  /** Total attempts, including the first; an integer >= 1. */
  readonly attempts: number;
  /** `'fixed'`, `'exponential'`, or a Duration to wait between attempts. Defaults to `'exponential'`. */
  readonly backoff?: 'fixed' | 'exponential' | Duration;
  /** The base delay. Defaults to `'1s'`. */
  readonly delay?: Duration;
  /** Upper bound on a delay (before jitter). Defaults to no bound. */
  readonly maxDelay?: Duration;
  /** Random spread of each delay, as a fraction of it (0 to 1). Defaults to 0: delays are exact. */
  readonly jitter?: number;
  /** Whether `error` is worth another attempt. Defaults to always. An abort of the run is never retried. */
  readonly retryIf?: (error: Error) => boolean;
}

/**
 * Options of one step.
 *
 * @typeParam TIn - The step's input.
 * @typeParam TOut - The step's output, handed to its compensation.
 */
export interface StepOptions<TIn, TOut> {
  readonly retry?: RetryOptions;
  /** Per attempt: when it passes, the step's signal aborts and the attempt fails with BATON_ERR_WORKFLOW_STEP_TIMEOUT. */
  readonly timeout?: Duration;
  /**
   * Undoes the step. Runs when a later step fails for good (completed steps compensate in reverse order), and on
   * cancel/timeout when the workflow sets `compensateOnAbort`. Its context's signal aborts only when the host's
   * shutdown budget runs out.
   */
  readonly compensate?: (context: StepContext<TIn>, output: TOut) => unknown;
  /**
   * How the compensation is retried when it throws: the same options as `retry` (attempts, backoff, delay, maxDelay,
   * jitter, retryIf), delays on the host's Clock, cut short when the shutdown budget runs out. Defaults to one
   * attempt. Needs `compensate`.
   */
  readonly compensateRetry?: RetryOptions;
}
