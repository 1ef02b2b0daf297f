import { token } from '@baton/core';
import type { ReorderItem } from './Inventory.js';

/** A {@link ReorderItem} with its best supplier price. */
export interface PricedItem extends ReorderItem {
  readonly supplier: string;
  /** Price of one unit, in minor units (cents). */
  readonly unitPrice: number;
}

/**
 * Prices reorder items. Read-only, so it is safe to call again.
 *
 * @remarks Called with at most `batchSize` items per call and at most `concurrency` calls at once. An item it
 * cannot price is left out of the answer (and not ordered this tick).
 */
export interface Pricing {
  priceBatch(items: readonly ReorderItem[], signal: AbortSignal): Promise<readonly PricedItem[]>;
}

/** DI token for {@link Pricing}; the value and the type share one name. */
export const Pricing = token<Pricing>('@baton/orchestration-inventory-sync/Pricing');
