import { BatonError, BatonErrorCode, type RunRecord, type ServiceResolver, Workflows } from '@baton/core';
import { TenantProvisioningWorkflow, type TenantRequest } from '@baton/orchestration-tenant-provisioning';
import type { HttpResponse } from '../Http/HttpResponse.js';

/**
 * `POST /tenants` with `{ "tenantId": "acme", "name": "Acme", "plan": "pro", "adminEmail": "ops@acme.example" }`:
 * runs the `tenant-provisioning` workflow for that tenant and answers, once the run has ended, with its record
 * (stacks left out): 201 when it succeeded, 422 when it did not (e.g. `"plan": "platinum"` is compensated),
 * 400 for a body that is not a tenant, 404 when the orchestration is not loaded (`BATON_ORCHESTRATIONS`).
 */
export async function postTenant(services: ServiceResolver, body: unknown): Promise<HttpResponse> {
  const { tenantId, name, plan, adminEmail } = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  if (!text(tenantId) || !text(name) || (plan !== undefined && !text(plan)) || (adminEmail !== undefined && !text(adminEmail))) {
    return {
      status: 400,
      body: { error: 'Send JSON like { "tenantId": "acme", "name": "Acme", "plan": "pro", "adminEmail": "ops@acme.example" } (plan and adminEmail optional).' },
    };
  }
  const tenant: TenantRequest = { tenantId, name, ...(plan === undefined ? {} : { plan }), ...(adminEmail === undefined ? {} : { adminEmail }) };
  let run: RunRecord;
  try {
    run = await services.get(Workflows).trigger(TenantProvisioningWorkflow.workflowName, tenant);
  } catch (error) {
    if (!BatonError.is(error, BatonErrorCode.WorkflowUnknown)) throw error;
    return { status: 404, body: { error: 'Tenant provisioning is not loaded here (see BATON_ORCHESTRATIONS).' } };
  }
  return { status: run.status === 'succeeded' ? 201 : 422, body: withoutStacks(run) };
}

function withoutStacks(run: RunRecord): RunRecord {
  const clean = <T extends { error?: { stack?: string } }>(value: T): T =>
    value.error === undefined ? value : { ...value, error: { ...value.error, stack: undefined } };
  return {
    ...clean(run),
    steps: run.steps.map((step) => ({ ...clean(step), ...(step.compensation === undefined ? {} : { compensation: clean(step.compensation) }) })),
  };
}
