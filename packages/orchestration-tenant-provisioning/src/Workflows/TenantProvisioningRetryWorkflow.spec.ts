import type { ServiceKey } from '@baton/core';
import { createTestHost, type TestHost } from '@baton/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTenantProvisioningOrchestration } from '../addTenantProvisioningOrchestration.js';
import { FakeTenantServices } from '../fakes/FakeTenantServices.js';
import { BillingPlans } from '../Interfaces/BillingPlans.js';
import { ClientService } from '../Interfaces/ClientService.js';
import { Notifications } from '../Interfaces/Notifications.js';
import { PendingTenants } from '../Interfaces/PendingTenants.js';
import { RealmService } from '../Interfaces/RealmService.js';
import { TenantProvisioningRetryWorkflow } from './TenantProvisioningRetryWorkflow.js';

describe(TenantProvisioningRetryWorkflow.workflowName, () => {
  let services: FakeTenantServices;
  let t: TestHost;

  beforeEach(() => {
    services = new FakeTenantServices();
    services.pending.push({ tenantId: 'acme', name: 'Acme' }, { tenantId: 'globex', name: 'Globex', plan: 'pro' });
  });

  // The first tick is due at start: failures are injected before the host starts, not after.
  async function start(): Promise<void> {
    t = await createTestHost((builder) => {
      for (const key of [RealmService, ClientService, BillingPlans, Notifications, PendingTenants] as ServiceKey<unknown>[])
        builder.services.addSingleton(key, { useValue: services });
      addTenantProvisioningOrchestration(builder, { pendingEvery: '10m', pendingBatchSize: 5 });
    });
  }

  afterEach(async () => {
    await t.stop();
  });

  describe('when the host runs for half an hour', () => {
    it('should tick every 10 minutes on the virtual clock and provision each pending tenant once', async () => {
      await start();
      // [0, 30m): the ticks at 0, 10m and 20m; the one at 30m is due at the end.
      await t.advance('30m');

      const runs = await t.runs(TenantProvisioningRetryWorkflow.workflowName);
      expect(runs.map((run) => [new Date(run.scheduledAt).toISOString(), run.status])).toStrictEqual([
        ['2026-01-01T00:00:00.000Z', 'succeeded'],
        ['2026-01-01T00:10:00.000Z', 'succeeded'],
        ['2026-01-01T00:20:00.000Z', 'succeeded'],
      ]);
      // The key of a tick depends on its slot only, so every replica computes the same one.
      expect(runs[1]!.idempotencyKey).toBe('tenant-provisioning-retry@2026-01-01T00:10:00.000Z');
      expect(services.outcomes.map(({ tenantId, status }) => [tenantId, status])).toStrictEqual([
        ['acme', 'succeeded'],
        ['globex', 'succeeded'],
      ]);
      expect(services.pending).toStrictEqual([]);
      expect(await t.statuses('tenant-provisioning')).toStrictEqual(['succeeded', 'succeeded']);
    });
  });

  describe('when one pending tenant fails for good', () => {
    it('should compensate that tenant only, report it failed and try it again on the next tick', async () => {
      services.fail('createRealm', 3);
      await start();

      // Past the next tick, at 10m.
      await t.advance('11m');

      expect(services.outcomes.map(({ tenantId, status }) => [tenantId, status])).toStrictEqual([
        ['acme', 'compensated'],
        ['globex', 'succeeded'],
        ['acme', 'succeeded'],
      ]);
      expect(services.pending).toStrictEqual([]);
      expect(services.realms.size).toBe(2);
    });
  });
});
