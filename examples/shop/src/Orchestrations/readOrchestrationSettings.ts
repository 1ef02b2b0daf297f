import type { Duration } from '@baton/core';
import { readFakeServiceSettings } from '../Fakes/readFakeServiceSettings.js';
import type { ShopOrchestrationSettings } from './ShopOrchestrationSettings.js';

/**
 * Reads the orchestrations' settings from the environment: `INVENTORY_SYNC_EVERY` (default `30s`),
 * `TENANT_RETRY_EVERY` (default `1m`), and the fakes' `FAKE_FAILURE_RATE`, `FAKE_SEED` and `FAKE_LATENCY_MS`.
 * The durations are checked by the orchestrations themselves when they are registered (hence the casts: the
 * environment holds plain strings).
 */
export function readOrchestrationSettings(env: NodeJS.ProcessEnv): ShopOrchestrationSettings {
  return {
    fakes: readFakeServiceSettings(env),
    inventorySyncEvery: (env.INVENTORY_SYNC_EVERY ?? '30s') as Duration,
    tenantRetryEvery: (env.TENANT_RETRY_EVERY ?? '1m') as Duration,
  };
}
