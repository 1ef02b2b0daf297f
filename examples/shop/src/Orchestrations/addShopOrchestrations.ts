import type { Duration, HostBuilder } from '@baton/core';
import {
  addInventorySyncOrchestration,
  Inventory as ReorderInventory,
  Pricing,
  Purchasing as SupplierPurchasing,
  StockNotifications,
} from '@baton/orchestration-inventory-sync';
import {
  addTenantProvisioningOrchestration,
  BillingPlans,
  ClientService,
  Notifications,
  PendingTenants,
  RealmService,
} from '@baton/orchestration-tenant-provisioning';
import { FakeBilling } from '../Fakes/FakeBilling.js';
import { FakeIdentityProvider } from '../Fakes/FakeIdentityProvider.js';
import { FakeMailer } from '../Fakes/FakeMailer.js';
import { FakeServiceSettings } from '../Fakes/FakeServiceSettings.js';
import { FakeSupplierNetwork } from '../Fakes/FakeSupplierNetwork.js';
import { FakeWarehouse } from '../Fakes/FakeWarehouse.js';
import { InMemoryPendingTenants } from '../Fakes/InMemoryPendingTenants.js';

/** Settings of the two orchestrations in the example; see `readOrchestrationSettings`. */
export interface ShopOrchestrationSettings {
  readonly fakes: FakeServiceSettings;
  readonly inventorySyncEvery: Duration;
  readonly tenantRetryEvery: Duration;
}

/**
 * Binds the services the two orchestration packages compose to the example's in-memory fakes, then registers
 * each orchestration through its one entry point. The packages know only their interfaces and tokens; this is the
 * only place that knows which implementation stands behind them.
 */
export function addShopOrchestrations(builder: HostBuilder, settings: ShopOrchestrationSettings): void {
  const fakes = { useValue: settings.fakes };
  builder.services
    .addSingleton(FakeServiceSettings, fakes)
    // Tenant provisioning: one identity provider serves realms and clients; one mailer sends every message.
    .addSingleton(FakeIdentityProvider)
    .addSingleton(RealmService, { useFactory: (services) => services.get(FakeIdentityProvider) })
    .addSingleton(ClientService, { useFactory: (services) => services.get(FakeIdentityProvider) })
    .addSingleton(BillingPlans, FakeBilling)
    .addSingleton(FakeMailer)
    .addSingleton(Notifications, { useFactory: (services) => services.get(FakeMailer) })
    .addSingleton(InMemoryPendingTenants)
    .addSingleton(PendingTenants, { useFactory: (services) => services.get(InMemoryPendingTenants) })
    // Inventory sync: the packaging warehouse, the supplier network (pricing and purchasing), the mailer.
    .addSingleton(FakeSupplierNetwork)
    .addSingleton(ReorderInventory, FakeWarehouse)
    .addSingleton(Pricing, { useFactory: (services) => services.get(FakeSupplierNetwork) })
    .addSingleton(SupplierPurchasing, { useFactory: (services) => services.get(FakeSupplierNetwork) })
    .addSingleton(StockNotifications, { useFactory: (services) => services.get(FakeMailer) });

  addTenantProvisioningOrchestration(builder, { pendingEvery: settings.tenantRetryEvery, stepRetry: { attempts: 4, delay: '200ms', backoff: 'exponential' } });
  addInventorySyncOrchestration(builder, { every: settings.inventorySyncEvery, batchSize: 3, concurrency: 2, stepRetry: { attempts: 4, delay: '200ms' } });
}
