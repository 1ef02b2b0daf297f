import { Logger, Workflows } from '@baton/core';
import { TenantProvisioningWorkflow, type TenantProvisioned, type TenantRequest } from '@baton/orchestration-tenant-provisioning';
import type { SignupResult } from './SignupResult.js';
import { TenantDirectory } from './TenantDirectory.js';

/**
 * One sign-up, in one request's scope: runs the `tenant-provisioning` workflow for the tenant and records it in
 * the {@link TenantDirectory} when it succeeded.
 *
 * @remarks Scoped: each request gets its own instance, disposed with the request's scope when the response is
 * done (the debug log shows it).
 */
export class TenantSignups implements Disposable {
  static readonly inject = [Workflows, TenantDirectory, Logger] as const;

  constructor(
    private readonly workflows: Workflows,
    private readonly directory: TenantDirectory,
    private readonly log: Logger,
  ) {}

  async signUp(request: TenantRequest, signal?: AbortSignal): Promise<SignupResult> {
    const existing = this.directory.get(request.tenantId);
    if (existing !== undefined) return { outcome: 'exists', tenant: existing };

    const run = await this.workflows.trigger(TenantProvisioningWorkflow.workflowName, request, signal);
    if (run.status !== 'succeeded' || run.outputSummary === undefined) {
      return { outcome: 'failed', runId: run.id, status: run.status, error: run.error?.message };
    }
    const tenant = JSON.parse(run.outputSummary) as TenantProvisioned;
    this.directory.add(tenant);
    return { outcome: 'provisioned', tenant };
  }

  [Symbol.dispose](): void {
    this.log.debug('TenantSignups disposed with its request scope');
  }
}
