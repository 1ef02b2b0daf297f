import { Clock, Logger } from '@baton/core';
import type { PricedItem, Pricing, PurchaseOrder, PurchaseOrderRequest, Purchasing, ReorderItem } from '@baton/orchestration-inventory-sync';
import { FakeServiceSettings } from './FakeServiceSettings.js';
import { RemoteCall } from './RemoteCall.js';
import { SeededRandom } from './SeededRandom.js';

/** Which supplier sells what, and the list price in cents. */
const CATALOGUE: Readonly<Record<string, { supplier: string; unitPrice: number }>> = {
  'box-small': { supplier: 'packright', unitPrice: 35 },
  'box-medium': { supplier: 'packright', unitPrice: 55 },
  'box-large': { supplier: 'packright', unitPrice: 80 },
  mailer: { supplier: 'packright', unitPrice: 20 },
  tape: { supplier: 'tapeco', unitPrice: 150 },
  labels: { supplier: 'tapeco', unitPrice: 4 },
  'bubble-wrap': { supplier: 'tapeco', unitPrice: 900 },
  'void-fill': { supplier: 'tapeco', unitPrice: 600 },
};
const DELIVERY_MS = 20_000;

/**
 * Two suppliers of packaging behind one fake: they price items (with a little price noise) and take purchase
 * orders, at most one per idempotency key, delivering each one 20 s later (collected by the warehouse).
 */
export class FakeSupplierNetwork implements Pricing, Purchasing {
  static readonly inject = [FakeServiceSettings, Clock, Logger] as const;

  readonly #orders = new Map<string, PurchaseOrder & { deliverAt: number; status: 'open' | 'cancelled' | 'delivered' }>();
  readonly #pricing: RemoteCall;
  readonly #purchasing: RemoteCall;
  readonly #noise: SeededRandom;
  readonly #log: Logger;
  #ids = 0;

  constructor(
    settings: FakeServiceSettings,
    private readonly clock: Clock,
    log: Logger,
  ) {
    this.#pricing = new RemoteCall('pricing', settings, clock);
    this.#purchasing = new RemoteCall('purchasing', settings, clock);
    this.#noise = new SeededRandom(settings.seed, 'price-noise');
    this.#log = log.child({ component: 'FakeSupplierNetwork' });
  }

  async priceBatch(items: readonly ReorderItem[], signal: AbortSignal): Promise<readonly PricedItem[]> {
    await this.#pricing.begin('priceBatch', signal);
    return items.flatMap((item) => {
      const entry = CATALOGUE[item.sku];
      // Not in any catalogue: left out, as the Pricing contract allows.
      if (entry === undefined) return [];
      return [{ ...item, supplier: entry.supplier, unitPrice: Math.round(entry.unitPrice * (0.95 + this.#noise.next() * 0.1)) }];
    });
  }

  async placeOrder(request: PurchaseOrderRequest, signal: AbortSignal): Promise<PurchaseOrder> {
    await this.#purchasing.begin('placeOrder', signal);
    const known = [...this.#orders.values()].find((order) => order.idempotencyKey === request.idempotencyKey);
    if (known !== undefined) return strip(known);
    const order = {
      orderId: `PO-${request.supplier}-${++this.#ids}`,
      supplier: request.supplier,
      idempotencyKey: request.idempotencyKey,
      lines: request.lines,
      total: request.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
      deliverAt: this.clock.now() + DELIVERY_MS,
      status: 'open' as const,
    };
    this.#orders.set(order.orderId, order);
    this.#log.info('Purchase order placed', { orderId: order.orderId, supplier: order.supplier, lines: order.lines.length, total: order.total });
    return strip(order);
  }

  async cancelOrder(orderId: string, signal: AbortSignal): Promise<void> {
    await this.#purchasing.begin('cancelOrder', signal);
    const order = this.#orders.get(orderId);
    if (order?.status === 'open') {
      order.status = 'cancelled';
      this.#log.info('Purchase order cancelled', { orderId });
    }
  }

  /** Hands over the open orders due by now (marking them delivered); the warehouse calls it. */
  collectDeliveries(): PurchaseOrder[] {
    const due = [...this.#orders.values()].filter((order) => order.status === 'open' && order.deliverAt <= this.clock.now());
    for (const order of due) order.status = 'delivered';
    return due.map(strip);
  }
}

function strip({ orderId, supplier, idempotencyKey, lines, total }: PurchaseOrder): PurchaseOrder {
  return { orderId, supplier, idempotencyKey, lines, total };
}
