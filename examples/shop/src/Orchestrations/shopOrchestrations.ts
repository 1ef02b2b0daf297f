import type { OrchestrationOptions } from '@baton/host';
import type { ShopOrchestrationSettings } from './ShopOrchestrationSettings.js';

/**
 * The orchestration packages the shop loads by name, and the options each one's `add<Name>Orchestration` gets:
 * `@baton/orchestration-tenant-provisioning` and `@baton/orchestration-inventory-sync`, resolved from this package's
 * dependencies. `BATON_ORCHESTRATIONS=inventory-sync` runs only the second one.
 */
export function shopOrchestrations(settings: ShopOrchestrationSettings): OrchestrationOptions {
  return {
    load: ['tenant-provisioning', 'inventory-sync'],
    options: {
      'tenant-provisioning': { pendingEvery: settings.tenantRetryEvery, stepRetry: { attempts: 4, delay: '200ms', backoff: 'exponential' } },
      'inventory-sync': { every: settings.inventorySyncEvery, batchSize: 3, concurrency: 2, stepRetry: { attempts: 4, delay: '200ms' } },
    },
    resolveFrom: import.meta.url,
  };
}
