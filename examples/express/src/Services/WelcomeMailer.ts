import { Logger } from '@baton/core';
import type { Notifications, WelcomeMessage } from '@baton/orchestration-tenant-provisioning';

/** Sends the welcome message; here it logs it. One message per idempotency key. */
export class WelcomeMailer implements Notifications {
  static readonly inject = [Logger] as const;

  readonly #sent = new Map<string, string>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'WelcomeMailer' });
  }

  async sendWelcome(message: WelcomeMessage): Promise<string> {
    const known = this.#sent.get(message.idempotencyKey);
    if (known !== undefined) return known;
    const id = `welcome-${message.tenantId}`;
    this.#sent.set(message.idempotencyKey, id);
    this.#log.info('Welcome sent', { tenantId: message.tenantId, to: message.adminEmail ?? '(no address)' });
    return id;
  }
}
