import type { Notifications, WelcomeMessage } from '@baton/orchestration-tenant-provisioning';
import { Injectable, Logger } from '@nestjs/common';

/**
 * A Nest provider: sends the app's mail (here it logs it), bound into Baton's container as the orchestration's
 * `Notifications`. One welcome per idempotency key.
 */
@Injectable()
export class MailService implements Notifications {
  readonly #log = new Logger(MailService.name);
  readonly #sent = new Map<string, string>();

  async sendWelcome(message: WelcomeMessage): Promise<string> {
    const known = this.#sent.get(message.idempotencyKey);
    if (known !== undefined) return known;
    const id = `welcome-${message.tenantId}`;
    this.#sent.set(message.idempotencyKey, id);
    this.#log.log(`Welcome sent to ${message.adminEmail ?? message.tenantId}`);
    return id;
  }
}
