import { Logger } from '@baton/core';
import type { ReorderReport, StockNotifications } from '@baton/orchestration-inventory-sync';

/** Tells the buyers what was reordered; here it logs it, once per run. */
export class BuyerNotifications implements StockNotifications {
  static readonly inject = [Logger] as const;

  readonly #sent = new Set<string>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'BuyerNotifications' });
  }

  async ordersPlaced(report: ReorderReport): Promise<void> {
    if (this.#sent.has(report.idempotencyKey)) return;
    this.#sent.add(report.idempotencyKey);
    this.#log.info('Buyers notified', { orders: report.orders.map((order) => order.orderId) });
  }
}
