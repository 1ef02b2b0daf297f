import { Logger } from '@baton/core';
import type { PurchaseOrder, PurchaseOrderRequest, Purchasing } from '@baton/orchestration-inventory-sync';

/** Purchase orders with the suppliers, in memory; one order per idempotency key. */
export class InMemoryPurchasing implements Purchasing {
  static readonly inject = [Logger] as const;

  readonly #orders = new Map<string, PurchaseOrder>();
  readonly #cancelled = new Set<string>();
  readonly #log: Logger;
  #ids = 0;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'InMemoryPurchasing' });
  }

  /** The orders placed and not cancelled, oldest first. */
  list(): PurchaseOrder[] {
    return [...this.#orders.values()].filter((order) => !this.#cancelled.has(order.orderId));
  }

  async placeOrder(request: PurchaseOrderRequest): Promise<PurchaseOrder> {
    const known = [...this.#orders.values()].find((order) => order.idempotencyKey === request.idempotencyKey);
    if (known !== undefined) return known;
    const total = request.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    const order: PurchaseOrder = { orderId: `po-${++this.#ids}`, ...request, total };
    this.#orders.set(order.orderId, order);
    this.#log.info('Purchase order placed', { orderId: order.orderId, supplier: order.supplier, total });
    return order;
  }

  async cancelOrder(orderId: string): Promise<void> {
    if (this.#orders.has(orderId) && !this.#cancelled.has(orderId)) {
      this.#cancelled.add(orderId);
      this.#log.info('Purchase order cancelled', { orderId });
    }
  }
}
