import { token, type RunError, type RunStatus } from '@baton/core';
import type { TenantRequest } from '../TenantRequest.js';

/** How one pending tenant's provisioning run ended, as `tenant-provisioning-retry` reports it. */
export interface PendingTenantOutcome {
  readonly tenantId: string;
  /** The `tenant-provisioning` run's id. */
  readonly runId: string;
  readonly status: RunStatus;
  readonly error?: RunError;
}

/**
 * The app's queue of tenants waiting to be provisioned (sign-ups stored for later, or tenants whose on-demand run
 * failed). Read by the scheduled `tenant-provisioning-retry` workflow.
 *
 * @remarks The orchestration owns no data: the app keeps the queue and decides, in `markFailed`, whether a tenant
 * stays pending (e.g. up to a number of attempts).
 */
export interface PendingTenants {
  /** Up to `limit` tenants to provision now, oldest first. */
  list(limit: number, signal: AbortSignal): Promise<readonly TenantRequest[]>;
  /** The tenant is provisioned; take it off the queue. */
  markProvisioned(outcome: PendingTenantOutcome, signal: AbortSignal): Promise<void>;
  /** The run did not succeed (it was compensated, cancelled or timed out). */
  markFailed(outcome: PendingTenantOutcome, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link PendingTenants}; the value and the type share one name. */
export const PendingTenants = token<PendingTenants>('@baton/orchestration-tenant-provisioning/PendingTenants');
