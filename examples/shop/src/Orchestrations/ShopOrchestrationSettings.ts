import type { Duration } from '@baton/core';
import type { FakeServiceSettings } from '../Fakes/FakeServiceSettings.js';

/** Settings of the two orchestrations in the example; see `readOrchestrationSettings`. */
export interface ShopOrchestrationSettings {
  readonly fakes: FakeServiceSettings;
  readonly inventorySyncEvery: Duration;
  readonly tenantRetryEvery: Duration;
}
