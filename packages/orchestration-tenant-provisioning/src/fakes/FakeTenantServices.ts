import type { BillingPlans, Subscription } from '../Interfaces/BillingPlans.js';
import type { ClientService, RealmClient } from '../Interfaces/ClientService.js';
import type { Notifications, WelcomeMessage } from '../Interfaces/Notifications.js';
import type { PendingTenantOutcome, PendingTenants } from '../Interfaces/PendingTenants.js';
import type { Realm, RealmService } from '../Interfaces/RealmService.js';
import type { TenantRequest } from '../TenantRequest.js';

type Method = 'createRealm' | 'createClient' | 'deleteClient' | 'subscribe' | 'sendWelcome' | 'list';

/**
 * The five services in memory, for this package's specs: idempotent on the keys they get, with a journal of
 * calls and failures to inject per method.
 */
export class FakeTenantServices implements RealmService, ClientService, BillingPlans, Notifications, PendingTenants {
  readonly journal: string[] = [];
  readonly realms = new Map<string, string>();
  readonly clients = new Map<string, string>();
  readonly subscriptions = new Map<string, string>();
  readonly welcomes = new Map<string, WelcomeMessage>();
  readonly pending: TenantRequest[] = [];
  readonly outcomes: PendingTenantOutcome[] = [];
  readonly #byKey = new Map<string, unknown>();
  readonly #failures = new Map<Method, { remaining: number; error: () => Error }>();
  #ids = 0;

  /** Makes the next `times` calls of `method` throw (`Infinity`: every call). */
  fail(method: Method, times: number, error: () => Error = () => new Error(`${method} is unavailable`)): this {
    this.#failures.set(method, { remaining: times, error });
    return this;
  }

  async createRealm(request: { tenantId: string; name: string; idempotencyKey: string }): Promise<Realm> {
    return this.#once('createRealm', request.idempotencyKey, () => {
      const realmId = `realm-${++this.#ids}`;
      this.realms.set(realmId, request.tenantId);
      return { realmId };
    });
  }

  async deleteRealm(realmId: string): Promise<void> {
    this.journal.push(`deleteRealm ${realmId}`);
    this.realms.delete(realmId);
  }

  async createClient(request: { tenantId: string; realmId: string; idempotencyKey: string }): Promise<RealmClient> {
    return this.#once('createClient', request.idempotencyKey, () => {
      const clientId = `client-${++this.#ids}`;
      this.clients.set(clientId, request.realmId);
      return { clientId };
    });
  }

  async deleteClient(_realmId: string, clientId: string): Promise<void> {
    this.journal.push(`deleteClient ${clientId}`);
    this.#maybeFail('deleteClient');
    this.clients.delete(clientId);
  }

  async subscribe(request: { tenantId: string; plan: string; idempotencyKey: string }): Promise<Subscription> {
    return this.#once('subscribe', request.idempotencyKey, () => {
      const subscriptionId = `sub-${++this.#ids}`;
      this.subscriptions.set(subscriptionId, `${request.tenantId}:${request.plan}`);
      return { subscriptionId, plan: request.plan };
    });
  }

  async cancel(subscriptionId: string): Promise<void> {
    this.journal.push(`cancel ${subscriptionId}`);
    this.subscriptions.delete(subscriptionId);
  }

  async sendWelcome(message: WelcomeMessage): Promise<string> {
    return this.#once('sendWelcome', message.idempotencyKey, () => {
      const id = `welcome-${++this.#ids}`;
      this.welcomes.set(id, message);
      return id;
    });
  }

  async list(limit: number): Promise<readonly TenantRequest[]> {
    this.#maybeFail('list');
    return this.pending.slice(0, limit);
  }

  async markProvisioned(outcome: PendingTenantOutcome): Promise<void> {
    this.outcomes.push(outcome);
    const index = this.pending.findIndex((tenant) => tenant.tenantId === outcome.tenantId);
    if (index >= 0) this.pending.splice(index, 1);
  }

  async markFailed(outcome: PendingTenantOutcome): Promise<void> {
    this.outcomes.push(outcome);
  }

  #once<T>(method: Method, key: string, create: () => T): T {
    this.journal.push(method);
    this.#maybeFail(method);
    if (!this.#byKey.has(key)) this.#byKey.set(key, create());
    return this.#byKey.get(key) as T;
  }

  #maybeFail(method: Method): void {
    const failure = this.#failures.get(method);
    if (failure === undefined || failure.remaining <= 0) return;
    failure.remaining--;
    throw failure.error();
  }
}
