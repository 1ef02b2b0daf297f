import { token } from '@baton/core';

/** The example's settings, read from the environment by `readShopOptions`. */
export interface ShopOptions {
  /** Port for the HTTP API; `0` picks a free one. */
  readonly port: number;
  /** Whether `port` was chosen by the user (`PORT`); if not and it is taken, the server falls back to a free port. */
  readonly portExplicit: boolean;
  /** How often the LowStockMonitor looks at the shelf, in milliseconds. */
  readonly lowStockCheckIntervalMs: number;
  /** A SKU with fewer units than this is low. */
  readonly lowStockThreshold: number;
  /** How often the restock workflow runs, in milliseconds. */
  readonly restockIntervalMs: number;
  /** The admin token (`BATON_ADMIN_TOKEN`, 16+ characters): the dashboard's buttons need it. Unset: actions are disabled. */
  readonly adminToken: string | undefined;
}

/** DI token for {@link ShopOptions}. */
export const ShopOptions = token<ShopOptions>('@baton/example-shop/ShopOptions');
