import { token } from '@baton/core';
import type { PurchaseOrder } from './Purchasing.js';

/** What one tick ordered. */
export interface ReorderReport {
  /** The run's idempotency key; send at most one notice per key. */
  readonly idempotencyKey: string;
  /** The tick's slot, epoch ms. */
  readonly scheduledAt: number;
  readonly orders: readonly PurchaseOrder[];
}

/** Tells people (buyers, a channel) what was reordered. */
export interface StockNotifications {
  ordersPlaced(report: ReorderReport, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link StockNotifications}; the value and the type share one name. */
export const StockNotifications = token<StockNotifications>('@baton/orchestration-inventory-sync/StockNotifications');
