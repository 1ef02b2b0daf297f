/** Where an order is: waiting in the outbox, or handed to shipping by the OutboxDispatcher. */
export type OrderStatus = 'pending' | 'dispatched';
