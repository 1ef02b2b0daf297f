import type { Inventory, ReorderItem } from '../Interfaces/Inventory.js';
import type { PricedItem, Pricing } from '../Interfaces/Pricing.js';
import type { PurchaseOrder, PurchaseOrderRequest, Purchasing } from '../Interfaces/Purchasing.js';
import type { ReorderReport, StockNotifications } from '../Interfaces/StockNotifications.js';

type Method = 'belowReorderPoint' | 'priceBatch' | 'placeOrder' | 'markOnOrder' | 'ordersPlaced';

/**
 * The four services in memory, for this package's specs: Purchasing is idempotent on its key, Pricing records the
 * batches it saw and how many ran at once, and failures can be injected per method.
 */
export class FakeStockServices implements Inventory, Pricing, Purchasing, StockNotifications {
  readonly journal: string[] = [];
  readonly low: ReorderItem[] = [];
  readonly onOrder = new Set<string>();
  readonly orders = new Map<string, PurchaseOrder>();
  readonly cancelled: string[] = [];
  readonly batches: number[] = [];
  readonly reports: ReorderReport[] = [];
  maxPricingInFlight = 0;
  #pricingInFlight = 0;
  #placed = 0;
  readonly #failures = new Map<Method, { remaining: number; error: () => Error }>();

  constructor(readonly suppliers: Readonly<Record<string, string>> = {}) {}

  fail(method: Method, times: number, error: () => Error = () => new Error(`${method} is unavailable`)): this {
    this.#failures.set(method, { remaining: times, error });
    return this;
  }

  async belowReorderPoint(): Promise<readonly ReorderItem[]> {
    this.#call('belowReorderPoint');
    return this.low.filter((item) => !this.onOrder.has(item.sku));
  }

  async markOnOrder(orders: readonly PurchaseOrder[]): Promise<void> {
    this.#call('markOnOrder');
    for (const order of orders) for (const line of order.lines) this.onOrder.add(line.sku);
  }

  async clearOnOrder(orders: readonly PurchaseOrder[]): Promise<void> {
    this.journal.push('clearOnOrder');
    for (const order of orders) for (const line of order.lines) this.onOrder.delete(line.sku);
  }

  async priceBatch(items: readonly ReorderItem[]): Promise<readonly PricedItem[]> {
    this.#call('priceBatch');
    this.batches.push(items.length);
    this.maxPricingInFlight = Math.max(this.maxPricingInFlight, ++this.#pricingInFlight);
    // Yield a few microtask turns so batches overlap the way real calls would.
    for (let turn = 0; turn < 3; turn++) await Promise.resolve();
    this.#pricingInFlight--;
    return items.map((item) => ({ ...item, supplier: this.suppliers[item.sku] ?? 'acme-supply', unitPrice: 100 }));
  }

  async placeOrder(request: PurchaseOrderRequest): Promise<PurchaseOrder> {
    this.#call('placeOrder');
    const existing = [...this.orders.values()].find((order) => order.idempotencyKey === request.idempotencyKey);
    if (existing !== undefined) return existing;
    const order: PurchaseOrder = {
      orderId: `po-${++this.#placed}`,
      supplier: request.supplier,
      idempotencyKey: request.idempotencyKey,
      lines: request.lines,
      total: request.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
    };
    this.orders.set(order.orderId, order);
    return order;
  }

  async cancelOrder(orderId: string): Promise<void> {
    this.journal.push(`cancelOrder ${orderId}`);
    this.cancelled.push(orderId);
  }

  async ordersPlaced(report: ReorderReport): Promise<void> {
    this.#call('ordersPlaced');
    this.reports.push(report);
  }

  #call(method: Method): void {
    this.journal.push(method);
    const failure = this.#failures.get(method);
    if (failure === undefined || failure.remaining <= 0) return;
    failure.remaining--;
    throw failure.error();
  }
}
