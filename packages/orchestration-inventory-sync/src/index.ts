/**
 * @baton/orchestration-inventory-sync: every few minutes, reorders the stock that fell below its reorder point,
 * across the services involved (inventory, pricing, purchasing, notifications), idempotently per tick. Depends on
 * `@baton/core` alone: the app binds the interfaces below.
 *
 * @packageDocumentation
 * @module @baton/orchestration-inventory-sync
 */

// Entry point
export { addInventorySyncOrchestration } from './addInventorySyncOrchestration.js';
export type { InventorySyncOptions } from './InventorySyncOptions.js';

// Workflows
export { InventorySyncWorkflow } from './Workflows/InventorySyncWorkflow.js';

// Interfaces
export { Inventory } from './Interfaces/Inventory.js';
export type { ReorderItem } from './Interfaces/Inventory.js';
export { Pricing } from './Interfaces/Pricing.js';
export type { PricedItem } from './Interfaces/Pricing.js';
export { Purchasing } from './Interfaces/Purchasing.js';
export type { PurchaseOrder, PurchaseOrderRequest } from './Interfaces/Purchasing.js';
export { StockNotifications } from './Interfaces/StockNotifications.js';
export type { ReorderReport } from './Interfaces/StockNotifications.js';

// Data
export type { InventorySyncReport } from './InventorySyncReport.js';
