import { BatonError, type ServiceKey, type StepRunRecord } from '@baton/core';
import { createTestHost, type TestHost } from '@baton/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addInventorySyncOrchestration } from '../addInventorySyncOrchestration.js';
import { FakeStockServices } from '../fakes/FakeStockServices.js';
import { Inventory } from '../Interfaces/Inventory.js';
import { Pricing } from '../Interfaces/Pricing.js';
import { Purchasing } from '../Interfaces/Purchasing.js';
import { StockNotifications } from '../Interfaces/StockNotifications.js';
import type { InventorySyncOptions } from '../InventorySyncOptions.js';
import { InventorySyncWorkflow } from './InventorySyncWorkflow.js';

const name = InventorySyncWorkflow.workflowName;
const steps = (run: { steps: readonly StepRunRecord[] }) => run.steps.map(({ name: step, status, compensation }) => [step, status, compensation?.status]);

function hostWith(services: FakeStockServices, options: InventorySyncOptions = { every: '5m' }, start?: string): Promise<TestHost> {
  return createTestHost(
    (builder) => {
      for (const key of [Inventory, Pricing, Purchasing, StockNotifications] as ServiceKey<unknown>[])
        builder.services.addSingleton(key, { useValue: services });
      addInventorySyncOrchestration(builder, options);
    },
    start === undefined ? {} : { start },
  );
}

describe(name, () => {
  let services: FakeStockServices;
  let t: TestHost;

  beforeEach(() => {
    services = new FakeStockServices({ pear: 'orchard-co', plum: 'orchard-co' });
    for (let index = 0; index < 10; index++) services.low.push({ sku: `sku-${index}`, quantity: 5 });
    services.low.push({ sku: 'pear', quantity: 2 }, { sku: 'plum', quantity: 3 });
  });

  afterEach(async () => {
    await t.stop();
  });

  describe('when stock is below its reorder point', () => {
    it('should price in bounded parallel batches, place one order per supplier, mark them on order and notify', async () => {
      t = await hostWith(services, { every: '5m', batchSize: 3, concurrency: 2 });

      await t.advance(0);

      const [run] = await t.runs(name);
      expect(run!.status).toBe('succeeded');
      expect(services.batches).toStrictEqual([3, 3, 3, 3]);
      expect(services.maxPricingInFlight).toBe(2);
      expect(
        [...services.orders.values()].map(({ orderId, supplier, idempotencyKey, lines }) => [orderId, supplier, idempotencyKey, lines.length]),
      ).toStrictEqual([
        ['po-1', 'acme-supply', 'inventory-sync@2026-01-01T00:00:00.000Z/acme-supply', 10],
        ['po-2', 'orchard-co', 'inventory-sync@2026-01-01T00:00:00.000Z/orchard-co', 2],
      ]);
      expect(services.onOrder.size).toBe(12);
      expect(services.reports.map((report) => report.idempotencyKey)).toStrictEqual(['inventory-sync@2026-01-01T00:00:00.000Z']);
      expect(JSON.parse(run!.outputSummary!)).toMatchObject({ belowReorderPoint: 12, priced: 12, notified: true });
      expect(t.logs.messages('error')).toStrictEqual([]);
    });
  });

  describe('when recording the orders on the inventory fails for good', () => {
    it('should cancel the orders it placed and end compensated', async () => {
      t = await hostWith(services.fail('markOnOrder', Infinity));

      await t.advance('10s');

      const [run] = await t.runs(name);
      expect(run!.status).toBe('compensated');
      expect(steps(run!)).toStrictEqual([
        ['load', 'succeeded', undefined],
        ['price', 'succeeded', undefined],
        ['place-orders', 'succeeded', 'succeeded'],
        ['mark-on-order', 'failed', undefined],
      ]);
      expect(services.cancelled).toStrictEqual(['po-1', 'po-2']);
      expect(services.reports).toStrictEqual([]);
    });
  });

  describe('when the notice cannot be sent', () => {
    it('should keep the orders and succeed with notified false', async () => {
      t = await hostWith(services.fail('ordersPlaced', Infinity));

      await t.advance('10s');

      const [run] = await t.runs(name);
      expect([run!.status, JSON.parse(run!.outputSummary!).notified, services.cancelled]).toStrictEqual(['succeeded', false, []]);
    });
  });

  describe('when the host runs for 20 minutes', () => {
    it('should run every 5 minutes on the virtual clock, with a key per slot, and order each SKU once', async () => {
      t = await hostWith(services);

      // [0, 20m): the ticks at 0, 5m, 10m and 15m; the one at 20m is due at the end.
      await t.advance('20m');

      const runs = await t.runs(name);
      expect(runs.map((run) => [run.idempotencyKey, run.status])).toStrictEqual([
        ['inventory-sync@2026-01-01T00:00:00.000Z', 'succeeded'],
        ['inventory-sync@2026-01-01T00:05:00.000Z', 'succeeded'],
        ['inventory-sync@2026-01-01T00:10:00.000Z', 'succeeded'],
        ['inventory-sync@2026-01-01T00:15:00.000Z', 'succeeded'],
      ]);
      expect(services.orders.size).toBe(2);
    });
  });

  describe('when the same tick runs twice (a retry, a second replica)', () => {
    it('should get the same purchase orders back instead of ordering twice', async () => {
      t = await hostWith(services);
      await t.advance(0);
      await t.stop();
      // Another host on the same slot, with the orders not yet recorded as on order.
      services.onOrder.clear();
      t = await hostWith(services);
      await t.advance(0);

      const [again] = await t.runs(name);
      expect(again!.idempotencyKey).toBe('inventory-sync@2026-01-01T00:00:00.000Z');
      expect(services.orders.size).toBe(2);
      expect(services.journal.filter((call) => call === 'placeOrder')).toHaveLength(4);
    });
  });
});

describe(addInventorySyncOrchestration, () => {
  describe('when an option is invalid', () => {
    it.each([
      [{ every: 0 }, 'options.every must be greater than zero; got 0.'],
      [{ concurrency: 0 }, 'options.concurrency must be an integer >= 1; got 0.'],
      [{ batchSize: 2.5 }, 'options.batchSize must be an integer >= 1; got 2.5.'],
      [{ cron: '* * * * *' }, "unknown option 'cron'; known options: every, batchSize, concurrency, stepRetry, stepTimeout."],
    ])('should throw BATON_ERR_WORKFLOW_INVALID_OPTIONS for %j', (options, message) => {
      let thrown: unknown;
      try {
        addInventorySyncOrchestration({ services: {}, addHostedService: () => {} } as never, options as never);
      } catch (error) {
        thrown = error;
      }
      expect(BatonError.is(thrown, 'BATON_ERR_WORKFLOW_INVALID_OPTIONS')).toBe(true);
      expect((thrown as Error).message).toBe(`addInventorySyncOrchestration(): ${message} (BATON_ERR_WORKFLOW_INVALID_OPTIONS)`);
    });
  });
});
