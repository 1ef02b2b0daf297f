import { token } from '@baton/core';
import type { PurchaseOrder } from './Purchasing.js';

/** A SKU below its reorder point, and how many units to order. */
export interface ReorderItem {
  readonly sku: string;
  /** Units to order; an integer >= 1. */
  readonly quantity: number;
}

/**
 * The stock the orchestration reorders for.
 *
 * @remarks `belowReorderPoint` must leave out SKUs already on order (see `markOnOrder`), or every tick would order
 * them again.
 */
export interface Inventory {
  /** SKUs whose stock (plus what is on order) is below their reorder point. */
  belowReorderPoint(signal: AbortSignal): Promise<readonly ReorderItem[]>;
  /** Records `orders` as on order, so later ticks do not order the same units again. Idempotent per order id. */
  markOnOrder(orders: readonly PurchaseOrder[], signal: AbortSignal): Promise<void>;
  /** Undoes {@link Inventory.markOnOrder} for `orders` (compensation). */
  clearOnOrder(orders: readonly PurchaseOrder[], signal: AbortSignal): Promise<void>;
}

/** DI token for {@link Inventory}; the value and the type share one name. */
export const Inventory = token<Inventory>('@baton/orchestration-inventory-sync/Inventory');
