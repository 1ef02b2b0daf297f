/** One SKU to buy and how many units. */
export interface PurchaseLine {
  readonly sku: string;
  readonly quantity: number;
}

/** An order placed with the supplier by the restock workflow. */
export interface PurchaseOrder {
  readonly id: string;
  readonly lines: readonly PurchaseLine[];
  /** The run's idempotency key: the supplier ignores a second order with the same key. */
  readonly idempotencyKey: string;
}
