import type { Order } from '../Domain/Order.js';
import type { OrderStatus } from '../Domain/OrderStatus.js';
import type { Outbox } from '../Interfaces/Outbox.js';

/** {@link Outbox} in memory: a FIFO queue with one waiting reader at a time. Registered as a singleton. */
export class InMemoryOutbox implements Outbox {
  readonly #queue: Order[] = [];
  readonly #status = new Map<string, OrderStatus>();
  #wake: (() => void) | undefined;

  get pending(): number {
    return this.#queue.length;
  }

  enqueue(order: Order): void {
    this.#queue.push(order);
    this.#status.set(order.id, 'pending');
    this.#wake?.();
  }

  async next(signal: AbortSignal): Promise<Order | undefined> {
    while (!signal.aborted) {
      const order = this.#queue.shift();
      if (order !== undefined) return order;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#wake = undefined;
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.#wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return undefined;
  }

  complete(orderId: string): void {
    this.#status.set(orderId, 'dispatched');
  }

  statusOf(orderId: string): OrderStatus | undefined {
    return this.#status.get(orderId);
  }
}
