import { Clock, Logger } from '@baton/core';
import type { ClientService, RealmClient, Realm, RealmService } from '@baton/orchestration-tenant-provisioning';
import { FakeServiceSettings } from './FakeServiceSettings.js';
import { RemoteCall } from './RemoteCall.js';

/**
 * An identity provider (think Keycloak) in memory: realms and their clients. Idempotent on the keys it is given,
 * adopts the realm a tenant already has, and fails now and then like a remote service.
 */
export class FakeIdentityProvider implements RealmService, ClientService {
  static readonly inject = [FakeServiceSettings, Clock, Logger] as const;

  readonly #realms = new Map<string, { tenantId: string; name: string; clients: Set<string> }>();
  readonly #byKey = new Map<string, string>();
  readonly #remote: RemoteCall;
  readonly #log: Logger;
  #ids = 0;

  constructor(settings: FakeServiceSettings, clock: Clock, log: Logger) {
    this.#remote = new RemoteCall('identity', settings, clock);
    this.#log = log.child({ component: 'FakeIdentityProvider' });
  }

  async createRealm(request: { tenantId: string; name: string; idempotencyKey: string }, signal: AbortSignal): Promise<Realm> {
    await this.#remote.begin('createRealm', signal);
    const known = this.#byKey.get(request.idempotencyKey) ?? [...this.#realms].find(([, realm]) => realm.tenantId === request.tenantId)?.[0];
    if (known !== undefined) return { realmId: known };
    const realmId = `realm-${request.tenantId}-${++this.#ids}`;
    this.#realms.set(realmId, { tenantId: request.tenantId, name: request.name, clients: new Set() });
    this.#byKey.set(request.idempotencyKey, realmId);
    this.#log.info('Realm created', { realmId, tenantId: request.tenantId });
    return { realmId };
  }

  async deleteRealm(realmId: string, signal: AbortSignal): Promise<void> {
    await this.#remote.begin('deleteRealm', signal);
    if (this.#realms.delete(realmId)) this.#log.info('Realm deleted', { realmId });
  }

  async createClient(request: { tenantId: string; realmId: string; idempotencyKey: string }, signal: AbortSignal): Promise<RealmClient> {
    await this.#remote.begin('createClient', signal);
    const realm = this.#realms.get(request.realmId);
    if (realm === undefined) throw Object.assign(new Error(`Realm '${request.realmId}' does not exist.`), { retryable: false });
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return { clientId: known };
    const clientId = `${request.tenantId}-app-${++this.#ids}`;
    realm.clients.add(clientId);
    this.#byKey.set(request.idempotencyKey, clientId);
    return { clientId };
  }

  async deleteClient(realmId: string, clientId: string, signal: AbortSignal): Promise<void> {
    await this.#remote.begin('deleteClient', signal);
    this.#realms.get(realmId)?.clients.delete(clientId);
  }
}
