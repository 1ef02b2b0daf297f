import type { Duration } from '@baton/core';

/** The example's settings, from the environment (see `readWarehouseSettings`). */
export interface WarehouseSettings {
  readonly port: number;
  readonly hostname: string;
  /** The remote pricing service's base URL; `undefined` prices locally. */
  readonly pricingUrl: string | undefined;
  readonly inventorySyncEvery: Duration;
}
