import { token } from '@baton/core';
import type { StockLevel } from '../Domain/StockLevel.js';

/** The shop's stock. One instance for the app (a singleton), shared by every request. */
export interface Inventory {
  /** Every SKU with its quantity, sorted by SKU. */
  list(): StockLevel[];
  /** The quantity of `sku`, or `undefined` for an unknown SKU. */
  quantityOf(sku: string): number | undefined;
  /** Takes `quantity` units off the shelf; returns `false`, changing nothing, if there are not enough. */
  reserve(sku: string, quantity: number): boolean;
  /** Puts `quantity` units of `sku` on the shelf. */
  restock(sku: string, quantity: number): void;
}

/** DI token for {@link Inventory}. */
export const Inventory = token<Inventory>('@baton/example-shop/Inventory');
