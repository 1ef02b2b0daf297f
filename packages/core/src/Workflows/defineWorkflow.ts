import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { describe } from './Internal/normalizeOptions.js';
import { defaultSettings } from './Internal/WorkflowDefinition.js';
import { Workflow } from './Workflow.js';

/**
 * Starts a workflow definition.
 *
 * @typeParam TInput - The run's input, given to the first step (`undefined` for scheduled runs). Defaults to `undefined`.
 * @param name - Unique per host; used in records, logs, events and idempotency keys.
 * @throws BATON_ERR_WORKFLOW_INVALID_NAME for an empty name.
 * @example
 * ```ts
 * const syncStock = defineWorkflow('inventory-sync')
 *   .schedule(every('5m'))
 *   .uses(Inventory, Purchasing)
 *   .step('load', ({ get }) => get(Inventory).lowStock())
 *   .step('reorder', ({ get, input }) => get(Purchasing).reorder(input), {
 *     retry: { attempts: 3, backoff: '2s' },
 *     compensate: ({ get }, order) => get(Purchasing).cancel(order),
 *   });
 * addWorkflow(host, syncStock);
 * ```
 */
export function defineWorkflow<TInput = undefined>(name: string): Workflow<TInput, TInput> {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new BatonError(BatonErrorCode.WorkflowInvalidName, `defineWorkflow() needs a non-empty name; got ${describe(name)}.`);
  }
  return new Workflow({ name, schedule: undefined, uses: [], steps: [], settings: defaultSettings });
}
