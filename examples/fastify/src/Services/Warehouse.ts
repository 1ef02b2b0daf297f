import type { Inventory, PurchaseOrder, ReorderItem } from '@baton/orchestration-inventory-sync';
import type { StockItem } from './StockItem.js';

/** The shelves the example starts with: every SKU above its reorder point. */
const INITIAL_STOCK: readonly StockItem[] = [
  { sku: 'tape', onHand: 40, onOrder: 0, reorderPoint: 20, target: 60 },
  { sku: 'boxes', onHand: 120, onOrder: 0, reorderPoint: 50, target: 200 },
  { sku: 'labels', onHand: 300, onOrder: 0, reorderPoint: 100, target: 500 },
];

/**
 * The app's warehouse, in memory: the stock its routes read and pick from, and the `Inventory` the inventory-sync
 * orchestration reorders for.
 */
export class Warehouse implements Inventory {
  readonly #onHand = new Map(INITIAL_STOCK.map((item) => [item.sku, item]));
  /** Purchase orders on order, by id: recording and clearing them is idempotent per order. */
  readonly #onOrder = new Map<string, PurchaseOrder>();

  list(): StockItem[] {
    return [...this.#onHand.values()].map((item) => ({ ...item, onOrder: this.#unitsOnOrder(item.sku) }));
  }

  /** Takes `quantity` units of `sku` off the shelf; `undefined` for an unknown SKU, `false` when too few are left. */
  pick(sku: string, quantity: number): StockItem | false | undefined {
    const item = this.#onHand.get(sku);
    if (item === undefined) return undefined;
    if (item.onHand < quantity) return false;
    this.#onHand.set(sku, { ...item, onHand: item.onHand - quantity });
    return this.list().find((listed) => listed.sku === sku);
  }

  async belowReorderPoint(): Promise<readonly ReorderItem[]> {
    return this.list()
      .filter((item) => item.onOrder === 0 && item.onHand < item.reorderPoint)
      .map((item) => ({ sku: item.sku, quantity: item.target - item.onHand }));
  }

  async markOnOrder(orders: readonly PurchaseOrder[]): Promise<void> {
    for (const order of orders) this.#onOrder.set(order.orderId, order);
  }

  async clearOnOrder(orders: readonly PurchaseOrder[]): Promise<void> {
    for (const order of orders) this.#onOrder.delete(order.orderId);
  }

  #unitsOnOrder(sku: string): number {
    let units = 0;
    for (const order of this.#onOrder.values()) for (const line of order.lines) if (line.sku === sku) units += line.quantity;
    return units;
  }
}
