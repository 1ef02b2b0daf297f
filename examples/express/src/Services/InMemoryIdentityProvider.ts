import { Logger } from '@baton/core';
import type { ClientService, Realm, RealmClient, RealmService } from '@baton/orchestration-tenant-provisioning';

/**
 * The app's identity provider (think Keycloak), in memory: realms and their application clients. Idempotent on the
 * keys the orchestration passes, so a retried step does not create twice.
 */
export class InMemoryIdentityProvider implements RealmService, ClientService {
  static readonly inject = [Logger] as const;

  readonly #realms = new Map<string, Set<string>>();
  readonly #byKey = new Map<string, string>();
  readonly #log: Logger;
  #ids = 0;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'InMemoryIdentityProvider' });
  }

  async createRealm(request: { tenantId: string; idempotencyKey: string }): Promise<Realm> {
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return { realmId: known };
    const realmId = `realm-${request.tenantId}-${++this.#ids}`;
    this.#realms.set(realmId, new Set());
    this.#byKey.set(request.idempotencyKey, realmId);
    this.#log.info('Realm created', { realmId });
    return { realmId };
  }

  async deleteRealm(realmId: string): Promise<void> {
    if (this.#realms.delete(realmId)) this.#log.info('Realm deleted', { realmId });
  }

  async createClient(request: { tenantId: string; realmId: string; idempotencyKey: string }): Promise<RealmClient> {
    const clients = this.#realms.get(request.realmId);
    if (clients === undefined) throw Object.assign(new Error(`Realm '${request.realmId}' does not exist.`), { retryable: false });
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return { clientId: known };
    const clientId = `${request.tenantId}-app-${++this.#ids}`;
    clients.add(clientId);
    this.#byKey.set(request.idempotencyKey, clientId);
    return { clientId };
  }

  async deleteClient(realmId: string, clientId: string): Promise<void> {
    this.#realms.get(realmId)?.delete(clientId);
  }
}
