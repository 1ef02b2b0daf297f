import { Logger } from '@baton/core';
import type { StockLevel } from '../Domain/StockLevel.js';
import type { Inventory } from '../Interfaces/Inventory.js';

const SEED: ReadonlyArray<readonly [string, number]> = [
  ['apple', 12],
  ['pear', 6],
  ['plum', 3],
];

/**
 * {@link Inventory} in memory, seeded with a few SKUs. Registered as a singleton.
 * Dependencies are declared with a static `inject` list: the decorator-free style.
 */
export class InMemoryInventory implements Inventory {
  static readonly inject = [Logger] as const;

  readonly #stock = new Map<string, number>(SEED);
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'InMemoryInventory' });
  }

  list(): StockLevel[] {
    return [...this.#stock].sort(([a], [b]) => a.localeCompare(b)).map(([sku, quantity]) => ({ sku, quantity }));
  }

  quantityOf(sku: string): number | undefined {
    return this.#stock.get(sku);
  }

  reserve(sku: string, quantity: number): boolean {
    const available = this.#stock.get(sku);
    if (available === undefined || available < quantity) return false;
    this.#stock.set(sku, available - quantity);
    return true;
  }

  restock(sku: string, quantity: number): void {
    this.#stock.set(sku, (this.#stock.get(sku) ?? 0) + quantity);
    this.#log.info('Restocked', { sku, quantity, total: this.#stock.get(sku) });
  }
}
