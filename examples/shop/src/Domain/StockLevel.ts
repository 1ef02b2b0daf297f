/** How many units of one SKU are on the shelf. */
export interface StockLevel {
  readonly sku: string;
  readonly quantity: number;
}
