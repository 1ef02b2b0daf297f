import type { Duration, RetryOptions } from '@baton/core';

/** {@link InventorySyncOptions} with every default applied and every value checked. */
export interface InventorySyncSettings {
  readonly every: Duration;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly stepRetry: RetryOptions;
  readonly stepTimeout: Duration;
}
