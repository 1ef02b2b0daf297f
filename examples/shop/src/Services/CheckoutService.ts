import { randomUUID } from 'node:crypto';
import { Clock, inject, injectable, Logger } from '@baton/core';
import type { PlaceOrderResult } from '../Domain/PlaceOrderResult.js';
import type { Checkout } from '../Interfaces/Checkout.js';
import { Inventory } from '../Interfaces/Inventory.js';
import { Outbox } from '../Interfaces/Outbox.js';

/**
 * {@link Checkout} for one HTTP request. Registered as scoped, so each request gets its own instance, and the
 * scope disposes it when the request ends. Dependencies are declared with `@injectable()`/`@inject(token)`:
 * the decorator style (needs `experimentalDecorators`, not `emitDecoratorMetadata`).
 */
@injectable()
export class CheckoutService implements Checkout, Disposable {
  readonly #placed: string[] = [];
  readonly #log: Logger;

  constructor(
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Outbox) private readonly outbox: Outbox,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) log: Logger,
  ) {
    this.#log = log.child({ component: 'CheckoutService' });
  }

  placeOrder(sku: string, quantity: number): PlaceOrderResult {
    if (this.inventory.quantityOf(sku) === undefined) return { ok: false, reason: 'unknown-sku' };
    if (!this.inventory.reserve(sku, quantity)) return { ok: false, reason: 'out-of-stock' };
    const order = { id: randomUUID(), sku, quantity, placedAt: this.clock.now() };
    this.outbox.enqueue(order);
    this.#placed.push(order.id);
    this.#log.info('Order placed', { orderId: order.id, sku, quantity });
    return { ok: true, order };
  }

  // Called by the request's scope when it is disposed.
  [Symbol.dispose](): void {
    this.#log.debug('Request scope disposed', { ordersPlaced: this.#placed.length });
  }
}
