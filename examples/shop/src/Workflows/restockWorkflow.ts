import { defineWorkflow, every } from '@baton/core';
import type { PurchaseLine, PurchaseOrder } from '../Domain/PurchaseOrder.js';
import { Inventory } from '../Interfaces/Inventory.js';
import { Purchasing } from '../Interfaces/Purchasing.js';
import { RestockBudget } from '../Interfaces/RestockBudget.js';
import { ShopOptions } from '../Interfaces/ShopOptions.js';

/** What one unit costs the shop, for the budget. */
const UNIT_COST = 2;

/**
 * Restocks the shelf every `intervalMs` (at start, then on that grid): reserve budget for every SKU below the
 * low-stock threshold, place a purchase order with the supplier, notify the warehouse.
 *
 * @remarks The example's supplier (FlakySupplier) rejects every third order: the run then compensates the steps that
 * completed, in reverse order (here: the budget reservation is released) and ends `compensated`. The engine logs each
 * run, step and compensation with `workflow`, `runId` and `step` fields. `POST /restock` triggers a run at once.
 */
export function restockWorkflow(intervalMs: number) {
  return defineWorkflow('restock')
    .schedule(every(intervalMs))
    .uses(Inventory, ShopOptions, RestockBudget, Purchasing)
    .step(
      'reserve-budget',
      ({ get }) => {
        const { lowStockThreshold } = get(ShopOptions);
        // Bring every low SKU up to twice the threshold.
        const lines: PurchaseLine[] = get(Inventory)
          .list()
          .filter(({ quantity }) => quantity < lowStockThreshold)
          .map(({ sku, quantity }) => ({ sku, quantity: 2 * lowStockThreshold - quantity }));
        const amount = lines.reduce((sum, line) => sum + line.quantity * UNIT_COST, 0);
        return { reservationId: get(RestockBudget).reserve(amount), amount, lines };
      },
      {
        compensate: ({ get, log }, { reservationId, amount }) => {
          get(RestockBudget).release(reservationId);
          log.info('Budget reservation released', { reservationId, amount });
        },
      },
    )
    .step(
      'place-purchase-order',
      ({ get, input, run }): PurchaseOrder | undefined => (input.lines.length === 0 ? undefined : get(Purchasing).placeOrder(input.lines, run.idempotencyKey)),
      { compensate: ({ get }, order) => order !== undefined && get(Purchasing).cancel(order.id) },
    )
    .step('notify-warehouse', ({ input, log }) => {
      if (input === undefined) {
        log.info('Nothing to restock');
        return 'nothing to restock';
      }
      log.info('Warehouse notified of the purchase order', { purchaseOrder: input.id, lines: input.lines });
      return input.id;
    });
}
