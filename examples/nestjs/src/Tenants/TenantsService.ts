import { Workflows } from '@baton/core';
import { TenantProvisioningWorkflow, type TenantProvisioned, type TenantRequest } from '@baton/orchestration-tenant-provisioning';
import { Inject, Injectable } from '@nestjs/common';
import { BatonHost } from '../Baton/BatonHost.js';
import type { SignupResult } from './SignupResult.js';

/**
 * A Nest provider: signs tenants up by running Baton's `tenant-provisioning` workflow, and keeps the tenants it
 * provisioned (in memory; a real app keeps them in its database).
 */
@Injectable()
export class TenantsService {
  readonly #tenants = new Map<string, TenantProvisioned>();

  constructor(@Inject(BatonHost) private readonly baton: BatonHost) {}

  get(tenantId: string): TenantProvisioned | undefined {
    return this.#tenants.get(tenantId);
  }

  async signUp(request: TenantRequest): Promise<SignupResult> {
    const existing = this.#tenants.get(request.tenantId);
    if (existing !== undefined) return { outcome: 'exists', tenant: existing };

    const run = await this.baton.provider.get(Workflows).trigger(TenantProvisioningWorkflow.workflowName, request);
    if (run.status !== 'succeeded' || run.outputSummary === undefined) {
      return { outcome: 'failed', runId: run.id, status: run.status, error: run.error?.message };
    }
    const tenant = JSON.parse(run.outputSummary) as TenantProvisioned;
    this.#tenants.set(tenant.tenantId, tenant);
    return { outcome: 'provisioned', tenant };
  }
}
