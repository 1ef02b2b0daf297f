import { addWorkflow, type HostBuilder } from '@baton/core';
import type { InventorySyncOptions } from './InventorySyncOptions.js';
import { InventorySyncWorkflow } from './Workflows/InventorySyncWorkflow.js';

/**
 * Registers the inventory-sync orchestration on a host: the scheduled `inventory-sync` workflow.
 *
 * @remarks The app binds the services it composes: {@link Inventory}, {@link Pricing}, {@link Purchasing} and
 * {@link StockNotifications}. A missing one fails the host's start with BATON_ERR_DI_MISSING_BINDING.
 * @param builder - The host (`createHost()` from `@baton/host`, or a test host's builder).
 * @param options - Interval, batch size, concurrency, retry policy and time limit; see {@link InventorySyncOptions}.
 * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for a bad option; BATON_ERR_WORKFLOW_DUPLICATE if the orchestration is
 * already registered on `builder`.
 * @example
 * ```ts
 * const host = createHost();
 * host.services
 *   .addSingleton(Inventory, WarehouseInventory)
 *   .addSingleton(Pricing, SupplierPricing)
 *   .addSingleton(Purchasing, ErpPurchasing)
 *   .addSingleton(StockNotifications, SlackNotifications);
 * addInventorySyncOrchestration(host, { every: '15m', concurrency: 8, batchSize: 50 });
 * await host.start();
 * ```
 */
export function addInventorySyncOrchestration(builder: HostBuilder, options?: InventorySyncOptions): void {
  addWorkflow(builder, InventorySyncWorkflow.define(options));
}
