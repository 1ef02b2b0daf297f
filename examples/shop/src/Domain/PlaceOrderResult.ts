import type { Order } from './Order.js';

/** The outcome of `Checkout.placeOrder`: the order, or why there is none. */
export type PlaceOrderResult = { readonly ok: true; readonly order: Order } | { readonly ok: false; readonly reason: 'unknown-sku' | 'out-of-stock' };
