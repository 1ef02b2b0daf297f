/** An order placed through the API. */
export interface Order {
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
  /** Epoch milliseconds, from the host's Clock. */
  readonly placedAt: number;
}
