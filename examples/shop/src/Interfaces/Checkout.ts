import { token } from '@baton/core';
import type { PlaceOrderResult } from '../Domain/PlaceOrderResult.js';

/** Places orders. Scoped: one instance per HTTP request, disposed when the request ends. */
export interface Checkout {
  placeOrder(sku: string, quantity: number): PlaceOrderResult;
}

/** DI token for {@link Checkout}. */
export const Checkout = token<Checkout>('@baton/example-shop/Checkout');
