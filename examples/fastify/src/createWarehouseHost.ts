import { createHost, type Host, type HostOptions } from '@baton/host';
import { addInventorySyncOrchestration, Inventory, Pricing, Purchasing, StockNotifications } from '@baton/orchestration-inventory-sync';
import { BuyerNotifications } from './Services/BuyerNotifications.js';
import { HttpPricing } from './Services/HttpPricing.js';
import { InMemoryPurchasing } from './Services/InMemoryPurchasing.js';
import { LocalPricing } from './Services/LocalPricing.js';
import { Reorders } from './Services/Reorders.js';
import { Warehouse } from './Services/Warehouse.js';
import type { WarehouseSettings } from './WarehouseSettings.js';

/**
 * The Baton host that runs beside the Fastify app: the app's services, and the inventory-sync orchestration bound
 * to them. `Pricing` is local unless `settings.pricingUrl` names a remote pricing service; the orchestration is
 * the same either way.
 */
export function createWarehouseHost(settings: WarehouseSettings, options: HostOptions = {}): Host {
  const host = createHost({ name: 'fastify-warehouse', shutdownTimeout: '10s', ...options });

  host.services
    .addSingleton(Warehouse)
    .addSingleton(InMemoryPurchasing)
    .addScoped(Reorders)
    .addSingleton(Inventory, { useFactory: (services) => services.get(Warehouse), deps: [Warehouse] })
    .addSingleton(Purchasing, { useFactory: (services) => services.get(InMemoryPurchasing), deps: [InMemoryPurchasing] })
    .addSingleton(StockNotifications, BuyerNotifications);

  // Local first, remote when configured: the one line that decides where Pricing runs.
  const { pricingUrl } = settings;
  if (pricingUrl === undefined) host.services.addSingleton(Pricing, LocalPricing);
  else host.services.addSingleton(Pricing, { useValue: new HttpPricing(pricingUrl) });

  addInventorySyncOrchestration(host, { every: settings.inventorySyncEvery, stepRetry: { attempts: 3, delay: '200ms' }, stepTimeout: '5s' });

  return host;
}
