import { createHost, type Host, type HostOptions } from '@baton/host';
import { addTenantProvisioningOrchestration, BillingPlans, ClientService, Notifications, RealmService } from '@baton/orchestration-tenant-provisioning';
import { InMemoryBilling } from './Services/InMemoryBilling.js';
import { InMemoryIdentityProvider } from './Services/InMemoryIdentityProvider.js';
import { TenantDirectory } from './Services/TenantDirectory.js';
import { TenantSignups } from './Services/TenantSignups.js';
import { WelcomeMailer } from './Services/WelcomeMailer.js';

/**
 * The Baton host that runs beside the Express app: the app's services, and the tenant-provisioning orchestration
 * bound to them. The orchestration knows only its interfaces; this is the one place that says what stands behind
 * them.
 */
export function createTenantHost(options: HostOptions = {}): Host {
  const host = createHost({ name: 'express-tenants', shutdownTimeout: '10s', ...options });

  host.services
    .addSingleton(TenantDirectory)
    .addScoped(TenantSignups)
    // One identity provider serves both the realms and the clients.
    .addSingleton(InMemoryIdentityProvider)
    .addSingleton(RealmService, { useFactory: (services) => services.get(InMemoryIdentityProvider), deps: [InMemoryIdentityProvider] })
    .addSingleton(ClientService, { useFactory: (services) => services.get(InMemoryIdentityProvider), deps: [InMemoryIdentityProvider] })
    .addSingleton(BillingPlans, InMemoryBilling)
    .addSingleton(Notifications, WelcomeMailer);

  // On demand only (POST /tenants): no pending-tenants queue, so PendingTenants need not be bound.
  addTenantProvisioningOrchestration(host, { pendingEvery: false, stepRetry: { attempts: 3, delay: '100ms' } });

  return host;
}
