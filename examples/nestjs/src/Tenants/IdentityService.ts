import type { ClientService, Realm, RealmClient, RealmService } from '@baton/orchestration-tenant-provisioning';
import { Injectable, Logger } from '@nestjs/common';

/**
 * A Nest provider: the app's identity provider (think Keycloak), in memory. It implements the orchestration's
 * `RealmService` and `ClientService`, and is bound into Baton's container under both tokens. Idempotent on the
 * keys the orchestration passes.
 */
@Injectable()
export class IdentityService implements RealmService, ClientService {
  readonly #log = new Logger(IdentityService.name);
  readonly #realms = new Map<string, Set<string>>();
  readonly #byKey = new Map<string, string>();
  #ids = 0;

  async createRealm(request: { tenantId: string; idempotencyKey: string }): Promise<Realm> {
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return { realmId: known };
    const realmId = `realm-${request.tenantId}-${++this.#ids}`;
    this.#realms.set(realmId, new Set());
    this.#byKey.set(request.idempotencyKey, realmId);
    return { realmId };
  }

  async deleteRealm(realmId: string): Promise<void> {
    if (this.#realms.delete(realmId)) this.#log.log(`Realm deleted: ${realmId}`);
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
