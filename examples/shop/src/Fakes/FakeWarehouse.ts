import { Logger } from '@baton/core';
import type { Inventory, PurchaseOrder, ReorderItem } from '@baton/orchestration-inventory-sync';
import { FakeServiceSettings } from './FakeServiceSettings.js';
import { FakeSupplierNetwork } from './FakeSupplierNetwork.js';
import { SeededRandom } from './SeededRandom.js';

interface Shelf {
  stock: number;
  readonly reorderPoint: number;
  readonly reorderQuantity: number;
  onOrder: number;
}

/**
 * The shop's packaging warehouse in memory (separate from the shelf of goods in `Inventory`): every look at it
 * consumes a few units of each supply, deliveries from the suppliers arrive, and supplies whose stock plus what is
 * on order falls below the reorder point are due for reordering.
 */
export class FakeWarehouse implements Inventory {
  static readonly inject = [FakeServiceSettings, FakeSupplierNetwork, Logger] as const;

  readonly #shelves = new Map<string, Shelf>([
    ['box-small', { stock: 38, reorderPoint: 40, reorderQuantity: 200, onOrder: 0 }],
    ['box-medium', { stock: 60, reorderPoint: 40, reorderQuantity: 150, onOrder: 0 }],
    ['box-large', { stock: 12, reorderPoint: 20, reorderQuantity: 80, onOrder: 0 }],
    ['mailer', { stock: 90, reorderPoint: 50, reorderQuantity: 300, onOrder: 0 }],
    ['tape', { stock: 9, reorderPoint: 10, reorderQuantity: 48, onOrder: 0 }],
    ['labels', { stock: 400, reorderPoint: 250, reorderQuantity: 2000, onOrder: 0 }],
    ['bubble-wrap', { stock: 3, reorderPoint: 4, reorderQuantity: 10, onOrder: 0 }],
    ['void-fill', { stock: 7, reorderPoint: 4, reorderQuantity: 10, onOrder: 0 }],
  ]);
  readonly #usage: SeededRandom;
  readonly #log: Logger;

  constructor(
    settings: FakeServiceSettings,
    private readonly suppliers: FakeSupplierNetwork,
    log: Logger,
  ) {
    this.#usage = new SeededRandom(settings.seed, 'warehouse-usage');
    this.#log = log.child({ component: 'FakeWarehouse' });
  }

  async belowReorderPoint(): Promise<readonly ReorderItem[]> {
    for (const order of this.suppliers.collectDeliveries()) {
      for (const line of order.lines) {
        const shelf = this.#shelves.get(line.sku);
        if (shelf === undefined) continue;
        shelf.stock += line.quantity;
        shelf.onOrder = Math.max(0, shelf.onOrder - line.quantity);
      }
      this.#log.info('Delivery received', { orderId: order.orderId, supplier: order.supplier });
    }
    for (const shelf of this.#shelves.values()) shelf.stock = Math.max(0, shelf.stock - this.#usage.between(0, Math.ceil(shelf.reorderPoint / 8)));
    return [...this.#shelves]
      .filter(([, shelf]) => shelf.stock + shelf.onOrder < shelf.reorderPoint)
      .map(([sku, shelf]) => ({ sku, quantity: shelf.reorderQuantity }));
  }

  async markOnOrder(orders: readonly PurchaseOrder[]): Promise<void> {
    for (const line of orders.flatMap((order) => order.lines)) {
      const shelf = this.#shelves.get(line.sku);
      if (shelf !== undefined) shelf.onOrder += line.quantity;
    }
  }

  async clearOnOrder(orders: readonly PurchaseOrder[]): Promise<void> {
    for (const line of orders.flatMap((order) => order.lines)) {
      const shelf = this.#shelves.get(line.sku);
      if (shelf !== undefined) shelf.onOrder = Math.max(0, shelf.onOrder - line.quantity);
    }
  }
}
