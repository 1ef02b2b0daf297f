import type { HostBuilder } from '@baton/core';
import { Inventory as ReorderInventory, Pricing, Purchasing as SupplierPurchasing, StockNotifications } from '@baton/orchestration-inventory-sync';
import { BillingPlans, ClientService, Notifications, PendingTenants, RealmService } from '@baton/orchestration-tenant-provisioning';
import { FakeBilling } from '../Fakes/FakeBilling.js';
import { FakeIdentityProvider } from '../Fakes/FakeIdentityProvider.js';
import { FakeMailer } from '../Fakes/FakeMailer.js';
import { FakeServiceSettings } from '../Fakes/FakeServiceSettings.js';
import { FakeSupplierNetwork } from '../Fakes/FakeSupplierNetwork.js';
import { FakeWarehouse } from '../Fakes/FakeWarehouse.js';
import { InMemoryPendingTenants } from '../Fakes/InMemoryPendingTenants.js';

/**
 * Binds the services the two orchestration packages compose to the example's in-memory fakes. The packages know
 * only their interfaces and tokens; this is the only place that knows which implementation stands behind them. The
 * orchestrations themselves are loaded by name (see `shopOrchestrations`), so a binding whose orchestration is not
 * loaded is simply unused.
 */
export function bindShopOrchestrationServices(builder: HostBuilder, fakes: FakeServiceSettings): void {
  builder.services
    .addSingleton(FakeServiceSettings, { useValue: fakes })
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
}
