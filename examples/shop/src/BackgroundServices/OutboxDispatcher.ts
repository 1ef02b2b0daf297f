import { BackgroundService, Clock, Logger } from '@baton/core';
import { Outbox } from '../Interfaces/Outbox.js';

// Pretend hand-off to a shipping provider.
const SHIPPING_LATENCY_MS = 50;

/** Drains the {@link Outbox}: takes each order the API placed and dispatches it, one at a time. */
export class OutboxDispatcher extends BackgroundService {
  static readonly inject = [Outbox, Clock, Logger] as const;

  readonly #log: Logger;

  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    log: Logger,
  ) {
    super();
    this.#log = log.child({ service: 'OutboxDispatcher' });
  }

  protected async execute(signal: AbortSignal): Promise<void> {
    this.#log.info('Dispatching orders from the outbox');
    for (let order = await this.outbox.next(signal); order !== undefined; order = await this.outbox.next(signal)) {
      if (!(await this.clock.sleep(SHIPPING_LATENCY_MS, signal))) {
        // Stopping mid-dispatch: put the order back (a durable outbox would keep it for the next start).
        this.outbox.enqueue(order);
        break;
      }
      this.outbox.complete(order.id);
      this.#log.info('Order dispatched', { orderId: order.id, sku: order.sku, quantity: order.quantity });
    }
    this.#log.info('Outbox dispatcher stopped', { pending: this.outbox.pending });
  }
}
