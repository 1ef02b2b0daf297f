/**
 * @baton/orchestration-tenant-provisioning: provisions a tenant across the services that make one (identity
 * realm, application client, billing plan, welcome message), undoing what it made when a step fails for good.
 * Runs on demand and, on a schedule, for the tenants the app keeps pending. Depends on `@baton/core` alone: the
 * app binds the interfaces below.
 *
 * @packageDocumentation
 * @module @baton/orchestration-tenant-provisioning
 */

// Entry point
export { addTenantProvisioningOrchestration } from './addTenantProvisioningOrchestration.js';
export type { TenantProvisioningOptions } from './TenantProvisioningOptions.js';

// Workflows
export { TenantProvisioningRetryWorkflow } from './Workflows/TenantProvisioningRetryWorkflow.js';
export { TenantProvisioningWorkflow } from './Workflows/TenantProvisioningWorkflow.js';

// Interfaces
export { BillingPlans } from './Interfaces/BillingPlans.js';
export type { Subscription } from './Interfaces/BillingPlans.js';
export { ClientService } from './Interfaces/ClientService.js';
export type { RealmClient } from './Interfaces/ClientService.js';
export { Notifications } from './Interfaces/Notifications.js';
export type { WelcomeMessage } from './Interfaces/Notifications.js';
export { PendingTenants } from './Interfaces/PendingTenants.js';
export type { PendingTenantOutcome } from './Interfaces/PendingTenants.js';
export { RealmService } from './Interfaces/RealmService.js';
export type { Realm } from './Interfaces/RealmService.js';

// Data
export type { TenantProvisioned } from './TenantProvisioned.js';
export type { TenantRequest } from './TenantRequest.js';
