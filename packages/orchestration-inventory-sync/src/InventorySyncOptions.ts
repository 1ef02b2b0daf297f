import type { Duration, RetryOptions } from '@baton/core';

/**
 * Options of {@link addInventorySyncOrchestration}, checked when it is called.
 *
 * @remarks An unknown key or a bad value throws `BATON_ERR_WORKFLOW_INVALID_OPTIONS` naming the option.
 */
export interface InventorySyncOptions {
  /** How often the sync runs. Defaults to `'5m'`. */
  readonly every?: Duration;
  /** Items per {@link Pricing.priceBatch} call. An integer >= 1. Defaults to 25. */
  readonly batchSize?: number;
  /** Pricing calls in flight at once. An integer >= 1. Defaults to 4. */
  readonly concurrency?: number;
  /**
   * Retry policy of each service step. An error with `retryable: false` is never retried. Defaults to
   * `{ attempts: 3, backoff: 'exponential', delay: '1s', maxDelay: '30s' }`.
   */
  readonly stepRetry?: RetryOptions;
  /** Time limit of one attempt of a service step. Defaults to `'30s'`. */
  readonly stepTimeout?: Duration;
}
