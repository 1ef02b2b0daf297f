import { token } from '@baton/core';

/** An application client registered in a realm, as {@link ClientService} returns it. */
export interface RealmClient {
  readonly clientId: string;
}

/**
 * Registers the tenant's application client in its realm.
 *
 * @remarks `createClient` must be idempotent on `idempotencyKey`. `deleteClient` of a client that is already gone
 * resolves.
 */
export interface ClientService {
  createClient(request: { readonly tenantId: string; readonly realmId: string; readonly idempotencyKey: string }, signal: AbortSignal): Promise<RealmClient>;
  deleteClient(realmId: string, clientId: string, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link ClientService}; the value and the type share one name. */
export const ClientService = token<ClientService>('@baton/orchestration-tenant-provisioning/ClientService');
