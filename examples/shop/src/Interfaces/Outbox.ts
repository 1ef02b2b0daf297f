import { token } from '@baton/core';
import type { Order } from '../Domain/Order.js';
import type { OrderStatus } from '../Domain/OrderStatus.js';

/**
 * Orders accepted by the API and not yet dispatched. The request enqueues and returns at once;
 * the OutboxDispatcher background service drains the queue.
 */
export interface Outbox {
  enqueue(order: Order): void;
  /** The oldest pending order, waiting for one if the queue is empty; `undefined` once `signal` aborts. */
  next(signal: AbortSignal): Promise<Order | undefined>;
  /** Marks an order taken with {@link Outbox.next} as dispatched. */
  complete(orderId: string): void;
  /** An order's status, or `undefined` for an unknown id. */
  statusOf(orderId: string): OrderStatus | undefined;
  /** How many orders are waiting. */
  readonly pending: number;
}

/** DI token for {@link Outbox}. */
export const Outbox = token<Outbox>('@baton/example-shop/Outbox');
