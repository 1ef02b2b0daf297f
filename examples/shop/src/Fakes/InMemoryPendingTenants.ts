import { Logger } from '@baton/core';
import type { PendingTenantOutcome, PendingTenants, TenantRequest } from '@baton/orchestration-tenant-provisioning';

const SIGN_UPS: readonly TenantRequest[] = [
  { tenantId: 'globex', name: 'Globex Corporation', plan: 'pro', adminEmail: 'it@globex.example' },
  { tenantId: 'initech', name: 'Initech' },
];
const MAX_ATTEMPTS = 3;

/**
 * The app's sign-up queue in memory, seeded with two sign-ups. A tenant whose provisioning fails stays pending
 * for up to three attempts, then is dropped (and logged).
 */
export class InMemoryPendingTenants implements PendingTenants {
  static readonly inject = [Logger] as const;

  readonly #pending = new Map<string, { tenant: TenantRequest; attempts: number }>(SIGN_UPS.map((tenant) => [tenant.tenantId, { tenant, attempts: 0 }]));
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'InMemoryPendingTenants' });
  }

  /** Queues a sign-up for the next `tenant-provisioning-retry` tick. */
  add(tenant: TenantRequest): void {
    if (!this.#pending.has(tenant.tenantId)) this.#pending.set(tenant.tenantId, { tenant, attempts: 0 });
  }

  async list(limit: number): Promise<readonly TenantRequest[]> {
    return [...this.#pending.values()].slice(0, limit).map((entry) => entry.tenant);
  }

  async markProvisioned(outcome: PendingTenantOutcome): Promise<void> {
    if (this.#pending.delete(outcome.tenantId)) this.#log.info('Pending tenant provisioned', { tenantId: outcome.tenantId, runId: outcome.runId });
  }

  async markFailed(outcome: PendingTenantOutcome): Promise<void> {
    const entry = this.#pending.get(outcome.tenantId);
    if (entry === undefined) return;
    entry.attempts++;
    if (entry.attempts < MAX_ATTEMPTS) return;
    this.#pending.delete(outcome.tenantId);
    this.#log.warn('Pending tenant dropped after repeated failures', { tenantId: outcome.tenantId, attempts: entry.attempts, status: outcome.status });
  }
}
