import type { Duration, RetryOptions } from '@baton/core';

/** {@link TenantProvisioningOptions} with every default applied and every value checked. */
export interface TenantProvisioningSettings {
  readonly pendingEvery: Duration | false;
  readonly pendingBatchSize: number;
  readonly defaultPlan: string;
  readonly stepRetry: RetryOptions;
  readonly stepTimeout: Duration;
  readonly runTimeout: Duration;
}
