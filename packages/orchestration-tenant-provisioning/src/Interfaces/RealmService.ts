import { token } from '@baton/core';

/** A realm (an identity-provider tenant, e.g. a Keycloak realm) as {@link RealmService} returns it. */
export interface Realm {
  readonly realmId: string;
}

/**
 * Creates and deletes realms in the identity provider.
 *
 * @remarks `createRealm` must be idempotent on `idempotencyKey`: called again with the same key (a retried attempt
 * whose first call did land) it returns the realm it made the first time. The key is per run, so a new run after a
 * compensated one creates afresh; a realm the same tenant already has (left by a crashed run) should be adopted,
 * not refused. `deleteRealm` of a realm that is already gone resolves.
 */
export interface RealmService {
  createRealm(request: { readonly tenantId: string; readonly name: string; readonly idempotencyKey: string }, signal: AbortSignal): Promise<Realm>;
  deleteRealm(realmId: string, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link RealmService}; the value and the type share one name. */
export const RealmService = token<RealmService>('@baton/orchestration-tenant-provisioning/RealmService');
