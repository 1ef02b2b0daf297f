import { token } from '@baton/core';
import { permanentError } from './permanentError.js';

/**
 * The tenants this host is provisioning right now. Two runs for one tenant at once (an on-demand trigger while the
 * scheduled retry picks the same tenant up) would share the realm the idempotent services hand back, and the
 * loser's compensation would delete the winner's realm; the second run is refused instead.
 *
 * @remarks Per host, in memory: across replicas, the services' idempotency keys keep duplicates harmless.
 */
export class TenantsInFlight {
  readonly #tenants = new Set<string>();

  /** Claims `tenantId`; throws a permanent (not retried) error if a run holds it. */
  claim(tenantId: string): void {
    if (this.#tenants.has(tenantId)) throw permanentError(`Tenant '${tenantId}' is already being provisioned by another run on this host.`);
    this.#tenants.add(tenantId);
  }

  has(tenantId: string): boolean {
    return this.#tenants.has(tenantId);
  }

  release(tenantId: string): void {
    this.#tenants.delete(tenantId);
  }
}

/** DI token of the host's {@link TenantsInFlight}; internal to this package. */
export const TenantsInFlightKey = token<TenantsInFlight>('@baton/orchestration-tenant-provisioning/Internal/TenantsInFlight');
