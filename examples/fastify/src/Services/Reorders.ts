import { Logger, type RunStatus, Workflows } from '@baton/core';
import { InventorySyncWorkflow, type InventorySyncReport } from '@baton/orchestration-inventory-sync';

/**
 * One reorder request, in one request's scope: runs the `inventory-sync` workflow now, outside its schedule, and
 * returns how it ended with its report.
 *
 * @remarks Scoped: each request gets its own instance, disposed with the request's scope when the response is
 * done (the debug log shows it).
 */
export class Reorders implements Disposable {
  static readonly inject = [Workflows, Logger] as const;

  constructor(
    private readonly workflows: Workflows,
    private readonly log: Logger,
  ) {}

  async runNow(): Promise<{ runId: string; status: RunStatus; report?: InventorySyncReport; error?: string }> {
    const run = await this.workflows.trigger(InventorySyncWorkflow.workflowName);
    if (run.status === 'succeeded' && run.outputSummary !== undefined) {
      return { runId: run.id, status: run.status, report: JSON.parse(run.outputSummary) as InventorySyncReport };
    }
    return { runId: run.id, status: run.status, ...(run.error === undefined ? {} : { error: run.error.message }) };
  }

  [Symbol.dispose](): void {
    this.log.debug('Reorders disposed with its request scope');
  }
}
