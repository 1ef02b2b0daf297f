import { defineWorkflow, every, type StepOptions, type Workflow } from '@baton/core';
import { Inventory, type ReorderItem } from '../Interfaces/Inventory.js';
import { Pricing, type PricedItem } from '../Interfaces/Pricing.js';
import { Purchasing, type PurchaseOrder } from '../Interfaces/Purchasing.js';
import { StockNotifications } from '../Interfaces/StockNotifications.js';
import { chunk } from '../Internal/chunk.js';
import type { InventorySyncSettings } from '../Internal/InventorySyncSettings.js';
import { isRetryable } from '../Internal/isRetryable.js';
import { mapWithConcurrency } from '../Internal/mapWithConcurrency.js';
import { resolveOptions } from '../Internal/resolveOptions.js';
import type { InventorySyncOptions } from '../InventorySyncOptions.js';
import type { InventorySyncReport } from '../InventorySyncReport.js';

interface Priced {
  readonly belowReorderPoint: number;
  readonly items: readonly PricedItem[];
}

interface Ordered {
  readonly belowReorderPoint: number;
  readonly priced: number;
  readonly orders: readonly PurchaseOrder[];
}

/**
 * The scheduled `inventory-sync` workflow: every `every`, load the SKUs below their reorder point → price them in
 * batches of `batchSize`, `concurrency` batches at a time → place one purchase order per supplier → record the
 * orders as on order → notify.
 *
 * @remarks
 * - Idempotent per tick: each order's key is `<run.idempotencyKey>/<supplier>`, and a scheduled run's key depends
 *   on the slot only (`inventory-sync@2026-01-01T00:05:00.000Z`), so a retried attempt or a tick run twice (two
 *   replicas, a re-run) asks Purchasing for the same orders.
 * - When recording the orders fails for good, the orders are cancelled (compensation, retried on `stepRetry`) so
 *   the next tick, which would not see them as on order, does not double them. An order step that gives up cancels
 *   what it placed itself.
 * - Notifying is best effort: it is retried, and when it still fails the run succeeds with `notified: false`.
 */
export const InventorySyncWorkflow = Object.freeze({
  /** The workflow's name: `'inventory-sync'`. */
  workflowName: 'inventory-sync' as const,

  /**
   * Builds the workflow with `options` applied (the same options as `addInventorySyncOrchestration`).
   * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for a bad option.
   */
  define(options?: InventorySyncOptions): Workflow<undefined, InventorySyncReport> {
    return defineInventorySync(resolveOptions(options));
  },
});

/** Builds the workflow from checked settings. */
function defineInventorySync(settings: InventorySyncSettings): Workflow<undefined, InventorySyncReport> {
  const retryIf = (error: Error): boolean => isRetryable(error) && (settings.stepRetry.retryIf?.(error) ?? true);
  const service = { retry: { ...settings.stepRetry, retryIf }, timeout: settings.stepTimeout } satisfies StepOptions<unknown, unknown>;
  // An undo that meets a passing outage is retried on the same policy, so it does not leave an order standing.
  const undo = { compensateRetry: { ...settings.stepRetry, retryIf } } as const;
  const isLastAttempt = (attempt: number, error: unknown): boolean => attempt >= settings.stepRetry.attempts || !(error instanceof Error) || !retryIf(error);

  return defineWorkflow(InventorySyncWorkflow.workflowName)
    .schedule(every(settings.every))
    .uses(Inventory, Pricing, Purchasing, StockNotifications)
    .step('load', async ({ get, signal }): Promise<readonly ReorderItem[]> => get(Inventory).belowReorderPoint(signal), service)
    .step(
      'price',
      async ({ input, get, signal, log }): Promise<Priced> => {
        const pricing = get(Pricing);
        const batches = await mapWithConcurrency(chunk(input, settings.batchSize), settings.concurrency, (batch) => pricing.priceBatch(batch, signal));
        const items = batches.flat().filter((item) => item.quantity > 0);
        if (items.length < input.length) log.warn('Some SKUs could not be priced; they wait for a later tick', { unpriced: input.length - items.length });
        return { belowReorderPoint: input.length, items };
      },
      service,
    )
    .step(
      'place-orders',
      async ({ input, get, signal, run, log }): Promise<Ordered> => {
        const purchasing = get(Purchasing);
        const bySupplier = new Map<string, PricedItem[]>();
        for (const item of input.items) bySupplier.set(item.supplier, [...(bySupplier.get(item.supplier) ?? []), item]);
        const placed: PurchaseOrder[] = [];
        try {
          for (const supplier of [...bySupplier.keys()].sort()) {
            const lines = bySupplier.get(supplier)!;
            placed.push(await purchasing.placeOrder({ idempotencyKey: `${run.idempotencyKey}/${supplier}`, supplier, lines }, signal));
          }
        } catch (error) {
          // Completed steps are compensated, a failing one is not: give back what this step placed before giving up.
          // (Before a retry nothing is cancelled: the same keys bring the same orders back.)
          if (isLastAttempt(run.attempt, error) && placed.length > 0) {
            log.warn('Placing orders failed for good; cancelling the ones placed', { orders: placed.map((order) => order.orderId) });
            await Promise.allSettled(placed.map((order) => purchasing.cancelOrder(order.orderId, signal)));
          }
          throw error;
        }
        return { belowReorderPoint: input.belowReorderPoint, priced: input.items.length, orders: placed };
      },
      {
        ...service,
        ...undo,
        // Cancelling a cancelled order resolves, so a retry of the whole undo is safe.
        compensate: async ({ get, signal }, output) => {
          const purchasing = get(Purchasing);
          await Promise.all(output.orders.map((order) => purchasing.cancelOrder(order.orderId, signal)));
        },
      },
    )
    .step(
      'mark-on-order',
      async ({ input, get, signal }): Promise<Ordered> => {
        if (input.orders.length > 0) await get(Inventory).markOnOrder(input.orders, signal);
        return input;
      },
      { ...service, ...undo, compensate: ({ get, signal }, output) => get(Inventory).clearOnOrder(output.orders, signal) },
    )
    .step(
      'notify',
      async ({ input, get, signal, run, log }): Promise<InventorySyncReport> => {
        const report = { belowReorderPoint: input.belowReorderPoint, priced: input.priced, orders: input.orders };
        if (input.orders.length === 0) return { ...report, notified: false };
        try {
          await get(StockNotifications).ordersPlaced({ idempotencyKey: run.idempotencyKey, scheduledAt: run.scheduledAt, orders: input.orders }, signal);
          return { ...report, notified: true };
        } catch (error) {
          if (signal.aborted || !isLastAttempt(run.attempt, error)) throw error;
          // Best effort: the orders stand even if nobody could be told.
          log.warn('Could not send the reorder notice; the orders stand', { error });
          return { ...report, notified: false };
        }
      },
      service,
    );
}
