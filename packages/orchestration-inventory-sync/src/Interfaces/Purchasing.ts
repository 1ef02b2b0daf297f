import { token } from '@baton/core';
import type { PricedItem } from './Pricing.js';

/** A purchase order to place with one supplier. */
export interface PurchaseOrderRequest {
  /**
   * `<run idempotency key>/<supplier>`: for a scheduled tick it depends on the workflow, the slot and the supplier
   * only, so a retried attempt, a re-run of the step or a second replica running the same tick asks for the same
   * order. Purchasing must place at most one order per key.
   */
  readonly idempotencyKey: string;
  readonly supplier: string;
  readonly lines: readonly PricedItem[];
}

/** A placed purchase order. */
export interface PurchaseOrder {
  readonly orderId: string;
  readonly supplier: string;
  readonly idempotencyKey: string;
  readonly lines: readonly PricedItem[];
  /** Sum of the lines, in minor units. */
  readonly total: number;
}

/** Places and cancels purchase orders with suppliers. */
export interface Purchasing {
  /** Places the order, or returns the one already placed under `request.idempotencyKey`. */
  placeOrder(request: PurchaseOrderRequest, signal: AbortSignal): Promise<PurchaseOrder>;
  /** Cancels an order (compensation). Cancelling a cancelled order resolves. */
  cancelOrder(orderId: string, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link Purchasing}; the value and the type share one name. */
export const Purchasing = token<Purchasing>('@baton/orchestration-inventory-sync/Purchasing');
