import { Clock, Logger } from '@baton/core';
import type { ReorderReport, StockNotifications } from '@baton/orchestration-inventory-sync';
import type { Notifications, WelcomeMessage } from '@baton/orchestration-tenant-provisioning';
import { FakeServiceSettings } from './FakeServiceSettings.js';
import { RemoteCall } from './RemoteCall.js';

/** An e-mail/chat gateway in memory: welcome messages for tenants, reorder notices for buyers; one per key. */
export class FakeMailer implements Notifications, StockNotifications {
  static readonly inject = [FakeServiceSettings, Clock, Logger] as const;

  readonly #sent = new Map<string, string>();
  readonly #remote: RemoteCall;
  readonly #log: Logger;
  #ids = 0;

  constructor(settings: FakeServiceSettings, clock: Clock, log: Logger) {
    this.#remote = new RemoteCall('mailer', settings, clock);
    this.#log = log.child({ component: 'FakeMailer' });
  }

  async sendWelcome(message: WelcomeMessage, signal: AbortSignal): Promise<string> {
    await this.#remote.begin('sendWelcome', signal);
    const known = this.#sent.get(message.idempotencyKey);
    if (known !== undefined) return known;
    const id = `mail-${++this.#ids}`;
    this.#sent.set(message.idempotencyKey, id);
    this.#log.info('Welcome sent', { tenantId: message.tenantId, to: message.adminEmail ?? `admin@${message.tenantId}.example`, plan: message.plan });
    return id;
  }

  async ordersPlaced(report: ReorderReport, signal: AbortSignal): Promise<void> {
    await this.#remote.begin('ordersPlaced', signal);
    if (this.#sent.has(report.idempotencyKey)) return;
    this.#sent.set(report.idempotencyKey, `notice-${++this.#ids}`);
    this.#log.info('Buyers told about the purchase orders', { orders: report.orders.map((order) => order.orderId) });
  }
}
