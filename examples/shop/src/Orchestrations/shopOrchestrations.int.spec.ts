// The example's wiring of the two orchestration packages, on a test host: the packages loaded by name as main.ts
// loads them, the fakes bound to their tokens, both schedules ticking on the virtual clock, and POST /tenants
// (postTenant) answering with the run.
import { createTestHost, type TestHost } from '@baton/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindShopOrchestrationServices } from './bindShopOrchestrationServices.js';
import { postTenant } from './postTenant.js';
import type { ShopOrchestrationSettings } from './ShopOrchestrationSettings.js';
import { shopOrchestrations } from './shopOrchestrations.js';

const settings = (failureRate: number): ShopOrchestrationSettings => ({
  fakes: { failureRate, seed: 42, latencyMs: [5, 40] },
  inventorySyncEvery: '30s',
  tenantRetryEvery: '1m',
});

/** A started test host with the shop's orchestrations, loaded by name, on the fakes of `settings`. */
function createShopOrchestrationHost(settings: ShopOrchestrationSettings): Promise<TestHost> {
  return createTestHost((builder) => bindShopOrchestrationServices(builder, settings.fakes), { host: { orchestrations: shopOrchestrations(settings) } });
}

describe(shopOrchestrations, () => {
  let t: TestHost;

  afterEach(async () => {
    await t.stop();
  });

  describe('when the host runs for a minute', () => {
    beforeEach(async () => {
      t = await createShopOrchestrationHost(settings(0));
    });

    it('should provision the seeded sign-ups and sync the packaging warehouse every 30 seconds', async () => {
      // [0, 1m): the retry ticks at 0 (its 1m tick is due at the end), inventory-sync at 0 and 30s.
      await t.advance('1m');

      expect(await t.statuses('tenant-provisioning-retry')).toStrictEqual(['succeeded']);
      expect((await t.runs('tenant-provisioning')).map((run) => [JSON.parse(run.inputSummary!).tenantId, run.status])).toStrictEqual([
        ['globex', 'succeeded'],
        ['initech', 'succeeded'],
      ]);
      expect(await t.statuses('inventory-sync')).toStrictEqual(['succeeded', 'succeeded']);
      expect(t.logs.messages('info')).toContain('Purchase order placed');
      expect(t.logs.messages('error')).toStrictEqual([]);
    });

    it('should answer POST /tenants with the run: 201 when provisioned, 422 and compensated for an unknown plan, 400 for a bad body', async () => {
      await t.advance(0);
      const scope = t.provider.createScope();
      try {
        const ok = postTenant(scope, { tenantId: 'acme', name: 'Acme', plan: 'pro' });
        const bad = postTenant(scope, { tenantId: 'umbrella', name: 'Umbrella', plan: 'platinum' });
        await t.advance('10s');

        const [created, refused] = await Promise.all([ok, bad]);
        expect([created.status, (created.body as { status: string }).status]).toStrictEqual([201, 'succeeded']);
        const run = refused.body as {
          status: string;
          error: { message: string; stack?: string };
          steps: { name: string; compensation?: { status: string } }[];
        };
        expect([refused.status, run.status, run.error.message, run.error.stack]).toStrictEqual([
          422,
          'compensated',
          "Unknown plan 'platinum'; plans are free, pro, enterprise.",
          undefined,
        ]);
        expect(run.steps.map((step) => [step.name, step.compensation?.status])).toStrictEqual([
          ['claim-tenant', 'succeeded'],
          ['create-realm', 'succeeded'],
          ['create-client', 'succeeded'],
          ['provision-plan', undefined],
        ]);
        expect((await postTenant(scope, { name: 'no id' })).status).toBe(400);
      } finally {
        await scope.dispose();
      }
    });
  });

  describe('when the fake services fail a third of their calls', () => {
    beforeEach(async () => {
      t = await createShopOrchestrationHost(settings(1 / 3));
    });

    it('should retry through the failures, deterministically for a seed', async () => {
      await t.advance('5m');

      expect(t.logs.messages('warn')).toContain('Step attempt failed; retrying');
      const outcomes = new Set([...(await t.statuses('inventory-sync')), ...(await t.statuses('tenant-provisioning'))]);
      expect([...outcomes].every((status) => ['succeeded', 'compensated'].includes(status))).toBe(true);
    });
  });
});
