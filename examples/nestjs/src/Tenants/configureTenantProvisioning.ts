import type { Host } from '@baton/host';
import { addTenantProvisioningOrchestration, BillingPlans, ClientService, Notifications, RealmService } from '@baton/orchestration-tenant-provisioning';
import type { ModuleRef } from '@nestjs/core';
import { BillingService } from './BillingService.js';
import { IdentityService } from './IdentityService.js';
import { MailService } from './MailService.js';

/**
 * Binds the Nest providers the tenant-provisioning orchestration composes into Baton's container (the same
 * instances Nest injects elsewhere), then registers the orchestration: on demand only (`POST /tenants`), so
 * `PendingTenants` need not be bound.
 */
export function configureTenantProvisioning(host: Host, moduleRef: ModuleRef): void {
  const nest = <T>(type: new (...args: never[]) => T): { useValue: T } => ({ useValue: moduleRef.get(type, { strict: false }) });
  host.services
    .addSingleton(RealmService, nest(IdentityService))
    .addSingleton(ClientService, nest(IdentityService))
    .addSingleton(BillingPlans, nest(BillingService))
    .addSingleton(Notifications, nest(MailService));
  addTenantProvisioningOrchestration(host, { pendingEvery: false, stepRetry: { attempts: 3, delay: '100ms' } });
}
