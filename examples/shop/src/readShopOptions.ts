import type { ShopOptions } from './Interfaces/ShopOptions.js';

const DEFAULT_PORT = 3000;

/**
 * Reads {@link ShopOptions} from the environment: `PORT` (default 3000, falling back to a free port if taken),
 * `LOW_STOCK_CHECK_INTERVAL_MS` (default 10 000), `LOW_STOCK_THRESHOLD` (default 5) and `RESTOCK_INTERVAL_MS`
 * (default 15 000), and `BATON_ADMIN_TOKEN` (unset: the admin's actions are disabled).
 */
export function readShopOptions(env: NodeJS.ProcessEnv): ShopOptions {
  const port = env.PORT === undefined || env.PORT === '' ? undefined : integer('PORT', env.PORT, 0);
  return {
    port: port ?? DEFAULT_PORT,
    portExplicit: port !== undefined,
    lowStockCheckIntervalMs: integer('LOW_STOCK_CHECK_INTERVAL_MS', env.LOW_STOCK_CHECK_INTERVAL_MS ?? '10000', 1),
    lowStockThreshold: integer('LOW_STOCK_THRESHOLD', env.LOW_STOCK_THRESHOLD ?? '5', 0),
    restockIntervalMs: integer('RESTOCK_INTERVAL_MS', env.RESTOCK_INTERVAL_MS ?? '15000', 1),
    adminToken: env.BATON_ADMIN_TOKEN === undefined || env.BATON_ADMIN_TOKEN === '' ? undefined : env.BATON_ADMIN_TOKEN,
  };
}

function integer(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}; got '${text}'.`);
  return value;
}
