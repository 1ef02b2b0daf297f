import type { PricedItem, Pricing, ReorderItem } from '@baton/orchestration-inventory-sync';

/**
 * `Pricing` as a client of a remote pricing service, over HTTP with the global `fetch`: the binding used when
 * `PRICING_URL` names one.
 *
 * The remote contract: `POST <PRICING_URL>/quotes` with `{ "items": [{ "sku": "tape", "quantity": 20 }] }`
 * answers 200 with `{ "items": [{ "sku": "tape", "quantity": 20, "supplier": "tapeco", "unitPrice": 150 }] }`,
 * leaving out the items it cannot price.
 *
 * @remarks A 4xx answer or a malformed body is a permanent error (`retryable: false`: the orchestration does not
 * retry it); a 5xx answer or a network error is retried on the orchestration's step policy. The step's
 * `AbortSignal` is passed to `fetch`, so a step timeout or the host stopping cancels the request.
 */
export class HttpPricing implements Pricing {
  readonly #quotes: URL;

  constructor(baseUrl: string) {
    this.#quotes = new URL('quotes', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  }

  async priceBatch(items: readonly ReorderItem[], signal: AbortSignal): Promise<readonly PricedItem[]> {
    const response = await fetch(this.#quotes, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ items }),
      signal,
    });
    if (!response.ok) {
      const error = new Error(`The pricing service answered ${response.status} to POST ${this.#quotes.href}.`);
      throw Object.assign(error, { retryable: response.status >= 500 || response.status === 429 });
    }
    const body = (await response.json().catch(() => undefined)) as { items?: unknown } | undefined;
    if (!Array.isArray(body?.items) || !body.items.every(isPricedItem)) {
      throw Object.assign(new Error(`The pricing service at ${this.#quotes.href} answered a body that is not { items: PricedItem[] }.`), { retryable: false });
    }
    return body.items;
  }
}

function isPricedItem(value: unknown): value is PricedItem {
  const item = value as Partial<PricedItem> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.sku === 'string' &&
    Number.isInteger(item.quantity) &&
    typeof item.supplier === 'string' &&
    Number.isInteger(item.unitPrice)
  );
}
