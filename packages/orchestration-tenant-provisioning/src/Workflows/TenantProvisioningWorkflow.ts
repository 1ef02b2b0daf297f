import { defineWorkflow, type StepOptions, type Workflow } from '@baton/core';
import { BillingPlans } from '../Interfaces/BillingPlans.js';
import { ClientService } from '../Interfaces/ClientService.js';
import { Notifications } from '../Interfaces/Notifications.js';
import { RealmService } from '../Interfaces/RealmService.js';
import { isRetryable } from '../Internal/isRetryable.js';
import { permanentError } from '../Internal/permanentError.js';
import { resolveOptions } from '../Internal/resolveOptions.js';
import type { TenantProvisioningSettings } from '../Internal/TenantProvisioningSettings.js';
import { TenantsInFlightKey } from '../Internal/TenantsInFlight.js';
import type { TenantProvisioned } from '../TenantProvisioned.js';
import type { TenantProvisioningOptions } from '../TenantProvisioningOptions.js';
import type { TenantRequest } from '../TenantRequest.js';

interface ClaimedTenant extends TenantRequest {
  readonly plan: string;
}

/**
 * The `tenant-provisioning` workflow, run on demand (`Workflows.trigger('tenant-provisioning', tenant)`):
 * claim the tenant → create its realm → create its client → subscribe it to its plan → send the welcome.
 *
 * @remarks
 * - Each service step retries on the `stepRetry` policy (an error with `retryable: false` is not retried) and is
 *   limited to `stepTimeout` per attempt.
 * - When a step fails for good, the completed steps are undone in reverse: the subscription is cancelled, the
 *   client and the realm are deleted, and the claim is released; the run ends `compensated`. Each undo is itself
 *   retried on the `stepRetry` policy. A run that times out
 *   (`runTimeout`) or is cancelled, including by the host stopping, is undone the same way.
 * - Each service call carries an idempotency key derived from the run and the step
 *   (`tenant-provisioning@manual:<run id>/<tenant id>/realm`), so a retried attempt whose first call landed does
 *   not create twice.
 * - A tenant that a run on this host is already provisioning is refused at the claim (the run ends `failed`).
 */
export const TenantProvisioningWorkflow = Object.freeze({
  /** The workflow's name: `'tenant-provisioning'`. */
  workflowName: 'tenant-provisioning' as const,

  /**
   * Builds the workflow with `options` applied (the same options as `addTenantProvisioningOrchestration`).
   * @throws BATON_ERR_WORKFLOW_INVALID_OPTIONS for a bad option.
   */
  define(options?: TenantProvisioningOptions): Workflow<TenantRequest, TenantProvisioned> {
    return defineTenantProvisioning(resolveOptions(options));
  },
});

/** Builds the workflow from checked settings. */
function defineTenantProvisioning(settings: TenantProvisioningSettings): Workflow<TenantRequest, TenantProvisioned> {
  // Retry and time limit of every service step; `retryable: false` errors are never retried.
  const retry = { ...settings.stepRetry, retryIf: (error: Error) => isRetryable(error) && (settings.stepRetry.retryIf?.(error) ?? true) };
  const service = { retry, timeout: settings.stepTimeout } satisfies StepOptions<unknown, unknown>;
  // An undo that meets a passing outage is retried on the same policy, so it does not leave a half-provisioned tenant.
  const undo = { compensateRetry: retry } as const;

  return defineWorkflow<TenantRequest>(TenantProvisioningWorkflow.workflowName)
    .uses(RealmService, ClientService, BillingPlans, Notifications)
    .options({ timeout: settings.runTimeout, compensateOnAbort: true })
    .step(
      'claim-tenant',
      ({ input, get }): ClaimedTenant => {
        const tenant = checkTenant(input, settings.defaultPlan);
        get(TenantsInFlightKey).claim(tenant.tenantId);
        return tenant;
      },
      { compensate: ({ get }, tenant) => get(TenantsInFlightKey).release(tenant.tenantId) },
    )
    .step(
      'create-realm',
      async ({ input, get, signal, run }) => {
        const realm = await get(RealmService).createRealm(
          { tenantId: input.tenantId, name: input.name, idempotencyKey: keyOf(run.idempotencyKey, input, 'realm') },
          signal,
        );
        return { ...input, realmId: realm.realmId };
      },
      { ...service, ...undo, compensate: ({ get, signal }, output) => get(RealmService).deleteRealm(output.realmId, signal) },
    )
    .step(
      'create-client',
      async ({ input, get, signal, run }) => {
        const client = await get(ClientService).createClient(
          { tenantId: input.tenantId, realmId: input.realmId, idempotencyKey: keyOf(run.idempotencyKey, input, 'client') },
          signal,
        );
        return { ...input, clientId: client.clientId };
      },
      { ...service, ...undo, compensate: ({ get, signal }, output) => get(ClientService).deleteClient(output.realmId, output.clientId, signal) },
    )
    .step(
      'provision-plan',
      async ({ input, get, signal, run }) => {
        const subscription = await get(BillingPlans).subscribe(
          { tenantId: input.tenantId, plan: input.plan, idempotencyKey: keyOf(run.idempotencyKey, input, 'plan') },
          signal,
        );
        return { ...input, subscriptionId: subscription.subscriptionId };
      },
      { ...service, ...undo, compensate: ({ get, signal }, output) => get(BillingPlans).cancel(output.subscriptionId, signal) },
    )
    .step(
      'send-welcome',
      async ({ input, get, signal, run }): Promise<TenantProvisioned> => {
        const welcomeId = await get(Notifications).sendWelcome(
          {
            tenantId: input.tenantId,
            name: input.name,
            ...(input.adminEmail === undefined ? {} : { adminEmail: input.adminEmail }),
            realmId: input.realmId,
            clientId: input.clientId,
            plan: input.plan,
            idempotencyKey: keyOf(run.idempotencyKey, input, 'welcome'),
          },
          signal,
        );
        // Provisioned: the claim ends with the run. (On failure, claim-tenant's compensation releases it.)
        get(TenantsInFlightKey).release(input.tenantId);
        return {
          tenantId: input.tenantId,
          realmId: input.realmId,
          clientId: input.clientId,
          subscriptionId: input.subscriptionId,
          plan: input.plan,
          welcomeId,
        };
      },
      service,
    );
}

function keyOf(runKey: string, tenant: TenantRequest, step: string): string {
  return `${runKey}/${tenant.tenantId}/${step}`;
}

function checkTenant(input: unknown, defaultPlan: string): ClaimedTenant {
  const tenant = (input ?? {}) as Partial<Record<keyof TenantRequest, unknown>>;
  const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  if (!text(tenant.tenantId)) throw permanentError(`A tenant needs a non-empty string tenantId; got ${JSON.stringify(input)}.`);
  if (!text(tenant.name)) throw permanentError(`Tenant '${tenant.tenantId}' needs a non-empty string name.`);
  if (tenant.plan !== undefined && !text(tenant.plan)) throw permanentError(`Tenant '${tenant.tenantId}': plan must be a non-empty string when given.`);
  if (tenant.adminEmail !== undefined && !text(tenant.adminEmail))
    throw permanentError(`Tenant '${tenant.tenantId}': adminEmail must be a non-empty string when given.`);
  return {
    tenantId: tenant.tenantId,
    name: tenant.name,
    plan: (tenant.plan as string | undefined) ?? defaultPlan,
    ...(tenant.adminEmail === undefined ? {} : { adminEmail: tenant.adminEmail as string }),
  };
}
