import type { PurchaseLine, PurchaseOrder } from '../Domain/PurchaseOrder.js';
import type { Purchasing } from '../Interfaces/Purchasing.js';

/**
 * {@link Purchasing} in memory, with a supplier that rejects every third order (deterministically), so the
 * restock workflow's compensation shows up in the log within a minute of starting the example.
 */
export class FlakySupplier implements Purchasing {
  readonly #orders = new Map<string, PurchaseOrder>();
  #calls = 0;

  placeOrder(lines: readonly PurchaseLine[], idempotencyKey: string): PurchaseOrder {
    const existing = [...this.#orders.values()].find((order) => order.idempotencyKey === idempotencyKey);
    if (existing !== undefined) return existing;
    this.#calls++;
    if (this.#calls % 3 === 0) throw new Error(`The supplier rejected purchase order #${this.#calls}: its catalogue is being updated.`);
    const order: PurchaseOrder = { id: `PO-${this.#calls}`, lines, idempotencyKey };
    this.#orders.set(order.id, order);
    return order;
  }

  cancel(orderId: string): void {
    this.#orders.delete(orderId);
  }
}
