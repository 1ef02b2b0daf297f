/** One SKU on the warehouse's shelves. */
export interface StockItem {
  readonly sku: string;
  /** Units on the shelf. */
  readonly onHand: number;
  /** Units ordered from suppliers and not delivered yet. */
  readonly onOrder: number;
  /** Below this (on hand plus on order), the SKU is reordered. */
  readonly reorderPoint: number;
  /** A reorder brings on hand plus on order back up to this. */
  readonly target: number;
}
