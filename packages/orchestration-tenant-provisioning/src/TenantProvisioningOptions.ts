import type { Duration, RetryOptions } from '@baton/core';

/**
 * Options of {@link addTenantProvisioningOrchestration}, checked when it is called.
 *
 * @remarks An unknown key or a bad value throws `BATON_ERR_WORKFLOW_INVALID_OPTIONS` naming the option.
 */
export interface TenantProvisioningOptions {
  /**
   * How often `tenant-provisioning-retry` reads {@link PendingTenants} and provisions them. `false` leaves the
   * scheduled workflow out (then `PendingTenants` need not be bound). Defaults to `'5m'`.
   */
  readonly pendingEvery?: Duration | false;
  /** The most pending tenants one tick provisions (one after another). An integer >= 1. Defaults to 10. */
  readonly pendingBatchSize?: number;
  /** The plan of a tenant that names none. Defaults to `'free'`. */
  readonly defaultPlan?: string;
  /**
   * Retry policy of each service step (realm, client, plan, welcome). An error with `retryable: false` is never
   * retried. Defaults to `{ attempts: 3, backoff: 'exponential', delay: '1s', maxDelay: '30s' }`.
   */
  readonly stepRetry?: RetryOptions;
  /** Time limit of one attempt of a service step. Defaults to `'30s'`. */
  readonly stepTimeout?: Duration;
  /** Time limit of one provisioning run; a run past it compensates what it made. Defaults to `'10m'`. */
  readonly runTimeout?: Duration;
}
