import type { PricedItem, Pricing, ReorderItem } from '@baton/orchestration-inventory-sync';

/** The local price list: supplier and unit price (cents) per SKU. */
const PRICE_LIST: Readonly<Record<string, { supplier: string; unitPrice: number }>> = {
  tape: { supplier: 'tapeco', unitPrice: 150 },
  boxes: { supplier: 'boxworks', unitPrice: 80 },
  labels: { supplier: 'tapeco', unitPrice: 2 },
};

/** `Pricing` in this process, from a fixed price list: the binding used when `PRICING_URL` is not set. */
export class LocalPricing implements Pricing {
  async priceBatch(items: readonly ReorderItem[]): Promise<readonly PricedItem[]> {
    // An item without a price is left out: the orchestration orders it on a later tick.
    return items.flatMap((item) => {
      const price = PRICE_LIST[item.sku];
      return price === undefined ? [] : [{ ...item, ...price }];
    });
  }
}
