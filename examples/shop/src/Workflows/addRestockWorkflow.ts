import type { Host } from '@baton/host';
import { Purchasing } from '../Interfaces/Purchasing.js';
import { RestockBudget } from '../Interfaces/RestockBudget.js';
import { FlakySupplier } from '../Services/FlakySupplier.js';
import { InMemoryRestockBudget } from '../Services/InMemoryRestockBudget.js';
import { restockWorkflow } from './restockWorkflow.js';

/**
 * Registers the restock workflow and the services its steps use. The first workflow on a host also registers the
 * workflow engine, a hosted service named `WorkflowEngine`, at this point of the registration order.
 */
export function addRestockWorkflow(host: Host, intervalMs: number): void {
  host.services.addSingleton(RestockBudget, { useFactory: () => new InMemoryRestockBudget() }).addSingleton(Purchasing, FlakySupplier);
  host.addWorkflow(restockWorkflow(intervalMs));
}
