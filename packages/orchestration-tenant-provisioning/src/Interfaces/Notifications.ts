import { token } from '@baton/core';

/** What the welcome message says: the tenant and what was provisioned for it. */
export interface WelcomeMessage {
  readonly tenantId: string;
  readonly name: string;
  readonly adminEmail?: string;
  readonly realmId: string;
  readonly clientId: string;
  readonly plan: string;
  /** Send at most one message per key. */
  readonly idempotencyKey: string;
}

/**
 * Sends the tenant's welcome message.
 *
 * @remarks Must be idempotent on `idempotencyKey`: a retried run must not welcome a tenant twice.
 */
export interface Notifications {
  /** Resolves with the message's id. */
  sendWelcome(message: WelcomeMessage, signal: AbortSignal): Promise<string>;
}

/** DI token for {@link Notifications}; the value and the type share one name. */
export const Notifications = token<Notifications>('@baton/orchestration-tenant-provisioning/Notifications');
