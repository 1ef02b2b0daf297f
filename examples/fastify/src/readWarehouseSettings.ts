import type { Duration } from '@baton/core';
import type { WarehouseSettings } from './WarehouseSettings.js';

/**
 * Reads `PORT` (default 3000; `0` picks a free port), `HOST` (default `127.0.0.1`), `PRICING_URL` (unset: local
 * pricing) and `INVENTORY_SYNC_EVERY` (default `5m`, checked by the orchestration, hence the cast of the environment's
 * plain string) from the environment.
 */
export function readWarehouseSettings(env: NodeJS.ProcessEnv): WarehouseSettings {
  const text = env.PORT === undefined || env.PORT === '' ? '3000' : env.PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be an integer from 0 to 65535; got '${text}'.`);
  const pricingUrl = env.PRICING_URL === undefined || env.PRICING_URL === '' ? undefined : env.PRICING_URL;
  if (pricingUrl !== undefined && !URL.canParse(pricingUrl)) throw new Error(`PRICING_URL must be a URL; got '${pricingUrl}'.`);
  return {
    port,
    hostname: env.HOST === undefined || env.HOST === '' ? '127.0.0.1' : env.HOST,
    pricingUrl,
    inventorySyncEvery: (env.INVENTORY_SYNC_EVERY ?? '5m') as Duration,
  };
}
