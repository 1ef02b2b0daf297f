import type { PurchaseOrder } from './Interfaces/Purchasing.js';

/** The output of an `inventory-sync` run. */
export interface InventorySyncReport {
  /** SKUs found below their reorder point. */
  readonly belowReorderPoint: number;
  /** Of those, the SKUs Pricing priced (the others wait for a later tick). */
  readonly priced: number;
  readonly orders: readonly PurchaseOrder[];
  /** Whether StockNotifications took the report (notifying is best effort). */
  readonly notified: boolean;
}
