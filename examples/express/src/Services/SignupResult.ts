import type { RunStatus } from '@baton/core';
import type { TenantProvisioned } from '@baton/orchestration-tenant-provisioning';

/** What {@link TenantSignups.signUp} did: provisioned the tenant, found it already there, or ran and did not succeed. */
export type SignupResult =
  | { readonly outcome: 'provisioned'; readonly tenant: TenantProvisioned }
  | { readonly outcome: 'exists'; readonly tenant: TenantProvisioned }
  | { readonly outcome: 'failed'; readonly runId: string; readonly status: RunStatus; readonly error: string | undefined };
