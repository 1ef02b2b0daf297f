import { defineWorkflow, every, Workflows, type Duration, type Workflow } from '@baton/core';
import { PendingTenants, type PendingTenantOutcome } from '../Interfaces/PendingTenants.js';
import { isRetryable } from '../Internal/isRetryable.js';
import { resolveOptions } from '../Internal/resolveOptions.js';
import type { TenantProvisioningSettings } from '../Internal/TenantProvisioningSettings.js';
import { TenantsInFlightKey } from '../Internal/TenantsInFlight.js';
import type { TenantProvisioningOptions } from '../TenantProvisioningOptions.js';
import type { TenantRequest } from '../TenantRequest.js';
import { TenantProvisioningWorkflow } from './TenantProvisioningWorkflow.js';

/**
 * The scheduled `tenant-provisioning-retry` workflow: every `pendingEvery`, reads up to `pendingBatchSize` tenants
 * from {@link PendingTenants} and provisions each one with its own `tenant-provisioning` run, one after another,
 * then reports each outcome back (`markProvisioned` / `markFailed`).
 *
 * @remarks
 * - Each tenant gets a full run of its own (its own record, retries and compensation), so one bad tenant does not
 *   undo another.
 * - Ticks never overlap (the default overlap policy skips a tick while one runs), and a tenant that a run on this
 *   host is already provisioning (say, triggered on demand meanwhile) is left for a later tick.
 * - Provisioning is safe to repeat: if `markProvisioned` fails, the tenant comes back on a later tick and its
 *   services adopt what it already has (see {@link RealmService}).
 */
export const TenantProvisioningRetryWorkflow = Object.freeze({
  /** The workflow's name: `'tenant-provisioning-retry'`. */
  workflowName: 'tenant-provisioning-retry' as const,

  /**
   * Builds the workflow with `options` applied (with `pendingEvery: false`, on the default interval of 5 minutes).
   * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for a bad option.
   */
  define(options?: TenantProvisioningOptions): Workflow<undefined, PendingTenantOutcome[]> {
    const settings = resolveOptions(options);
    return defineTenantProvisioningRetry(settings, settings.pendingEvery === false ? '5m' : settings.pendingEvery);
  },
});

/** Builds the workflow from checked settings. */
function defineTenantProvisioningRetry(settings: TenantProvisioningSettings, interval: Duration): Workflow<undefined, PendingTenantOutcome[]> {
  return defineWorkflow(TenantProvisioningRetryWorkflow.workflowName)
    .schedule(every(interval))
    .uses(PendingTenants)
    .step(
      'list-pending',
      async ({ get, signal, log }): Promise<TenantRequest[]> => {
        const pending = await get(PendingTenants).list(settings.pendingBatchSize, signal);
        const inFlight = get(TenantsInFlightKey);
        const ready = pending.filter((tenant) => !inFlight.has(tenant.tenantId));
        if (ready.length < pending.length)
          log.info('Pending tenants already being provisioned are left for a later tick', { skipped: pending.length - ready.length });
        return ready;
      },
      { retry: { ...settings.stepRetry, retryIf: isRetryable }, timeout: settings.stepTimeout },
    )
    .step('provision', async ({ input, get, signal, log }) => {
      const workflows = get(Workflows);
      const pending = get(PendingTenants);
      const outcomes: PendingTenantOutcome[] = [];
      for (const tenant of input) {
        if (signal.aborted) break;
        const run = await workflows.trigger(TenantProvisioningWorkflow.workflowName, tenant, signal);
        const outcome: PendingTenantOutcome = {
          tenantId: tenant.tenantId,
          runId: run.id,
          status: run.status,
          ...(run.error === undefined ? {} : { error: run.error }),
        };
        outcomes.push(outcome);
        try {
          if (run.status === 'succeeded') await pending.markProvisioned(outcome, signal);
          else await pending.markFailed(outcome, signal);
        } catch (error) {
          // The tenant stays pending and comes back on a later tick; provisioning again is harmless.
          log.warn('Could not report a pending tenant outcome', { tenantId: tenant.tenantId, status: run.status, error });
        }
      }
      log.info('Pending tenants processed', {
        provisioned: outcomes.filter((outcome) => outcome.status === 'succeeded').length,
        failed: outcomes.filter((outcome) => outcome.status !== 'succeeded').length,
      });
      return outcomes;
    });
}
