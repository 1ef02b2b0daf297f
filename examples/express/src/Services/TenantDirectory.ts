import type { TenantProvisioned } from '@baton/orchestration-tenant-provisioning';

/** The tenants this API has provisioned, by id (in memory; a real app keeps them in its database). */
export class TenantDirectory {
  readonly #tenants = new Map<string, TenantProvisioned>();

  get(tenantId: string): TenantProvisioned | undefined {
    return this.#tenants.get(tenantId);
  }

  add(tenant: TenantProvisioned): void {
    this.#tenants.set(tenant.tenantId, tenant);
  }
}
