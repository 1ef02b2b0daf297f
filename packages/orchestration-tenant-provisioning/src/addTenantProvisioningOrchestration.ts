import { addWorkflow, type HostBuilder } from '@baton/core';
import { resolveOptions } from './Internal/resolveOptions.js';
import { TenantsInFlight, TenantsInFlightKey } from './Internal/TenantsInFlight.js';
import type { TenantProvisioningOptions } from './TenantProvisioningOptions.js';
import { TenantProvisioningRetryWorkflow } from './Workflows/TenantProvisioningRetryWorkflow.js';
import { TenantProvisioningWorkflow } from './Workflows/TenantProvisioningWorkflow.js';

/**
 * Registers the tenant-provisioning orchestration on a host: the on-demand `tenant-provisioning` workflow and,
 * unless `pendingEvery` is `false`, the scheduled `tenant-provisioning-retry` workflow.
 *
 * @remarks The app binds the services it composes: {@link RealmService}, {@link ClientService},
 * {@link BillingPlans}, {@link Notifications} and (for the scheduled workflow) {@link PendingTenants}. A missing
 * one fails the host's start with BATON_ERR_DI_MISSING_BINDING.
 * @param builder - The host (`createHost()` from `@baton/host`, or a test host's builder).
 * @param options - Schedule, batch size, default plan, retry policy and time limits; see {@link TenantProvisioningOptions}.
 * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for a bad option; BATON_ERR_WORKFLOW_DUPLICATE if the orchestration is
 * already registered on `builder`.
 * @example
 * ```ts
 * const host = createHost();
 * host.services
 *   .addSingleton(RealmService, KeycloakRealms)
 *   .addSingleton(ClientService, KeycloakClients)
 *   .addSingleton(BillingPlans, StripePlans)
 *   .addSingleton(Notifications, EmailNotifications)
 *   .addSingleton(PendingTenants, SignupQueue);
 * addTenantProvisioningOrchestration(host, { pendingEvery: '10m' });
 * await host.start();
 * const run = await host.provider.get(Workflows).trigger('tenant-provisioning', { tenantId: 'acme', name: 'Acme' });
 * ```
 */
export function addTenantProvisioningOrchestration(builder: HostBuilder, options?: TenantProvisioningOptions): void {
  // Check the options and build both definitions before registering anything, so a bad option leaves the builder
  // untouched.
  const { pendingEvery } = resolveOptions(options);
  const provisioning = TenantProvisioningWorkflow.define(options);
  const retry = pendingEvery === false ? undefined : TenantProvisioningRetryWorkflow.define(options);
  addWorkflow(builder, provisioning);
  if (retry !== undefined) addWorkflow(builder, retry);
  if (!builder.services.has(TenantsInFlightKey)) builder.services.addSingleton(TenantsInFlightKey, { useFactory: () => new TenantsInFlight() });
}
