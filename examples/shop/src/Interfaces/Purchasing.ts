import { token } from '@baton/core';
import type { PurchaseLine, PurchaseOrder } from '../Domain/PurchaseOrder.js';

/** The supplier the restock workflow buys from. One instance for the app (a singleton). */
export interface Purchasing {
  /** Places an order; throws when the supplier rejects it. The same `idempotencyKey` returns the same order. */
  placeOrder(lines: readonly PurchaseLine[], idempotencyKey: string): PurchaseOrder;
  /** Cancels an order placed with {@link Purchasing.placeOrder}. */
  cancel(orderId: string): void;
}

/** DI token for {@link Purchasing}. */
export const Purchasing = token<Purchasing>('@baton/example-shop/Purchasing');
