import { Clock, Logger } from '@baton/core';
import type { BillingPlans, Subscription } from '@baton/orchestration-tenant-provisioning';
import { FakeServiceSettings } from './FakeServiceSettings.js';
import { RemoteCall } from './RemoteCall.js';

const PLANS = ['free', 'pro', 'enterprise'];

/**
 * A billing provider in memory. Knows three plans (`free`, `pro`, `enterprise`): any other plan is refused with a
 * permanent error (`retryable: false`), which is how `POST /tenants` with `"plan": "platinum"` shows compensation.
 */
export class FakeBilling implements BillingPlans {
  static readonly inject = [FakeServiceSettings, Clock, Logger] as const;

  readonly #subscriptions = new Map<string, { tenantId: string; plan: string; cancelled: boolean }>();
  readonly #byKey = new Map<string, Subscription>();
  readonly #remote: RemoteCall;
  readonly #log: Logger;
  #ids = 0;

  constructor(settings: FakeServiceSettings, clock: Clock, log: Logger) {
    this.#remote = new RemoteCall('billing', settings, clock);
    this.#log = log.child({ component: 'FakeBilling' });
  }

  async subscribe(request: { tenantId: string; plan: string; idempotencyKey: string }, signal: AbortSignal): Promise<Subscription> {
    await this.#remote.begin('subscribe', signal);
    if (!PLANS.includes(request.plan)) {
      throw Object.assign(new Error(`Unknown plan '${request.plan}'; plans are ${PLANS.join(', ')}.`), { retryable: false });
    }
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return known;
    const subscription = { subscriptionId: `sub-${++this.#ids}`, plan: request.plan };
    this.#subscriptions.set(subscription.subscriptionId, { tenantId: request.tenantId, plan: request.plan, cancelled: false });
    this.#byKey.set(request.idempotencyKey, subscription);
    this.#log.info('Subscribed', { tenantId: request.tenantId, plan: request.plan, subscriptionId: subscription.subscriptionId });
    return subscription;
  }

  async cancel(subscriptionId: string, signal: AbortSignal): Promise<void> {
    await this.#remote.begin('cancel', signal);
    const subscription = this.#subscriptions.get(subscriptionId);
    if (subscription !== undefined && !subscription.cancelled) {
      subscription.cancelled = true;
      this.#log.info('Subscription cancelled', { subscriptionId });
    }
  }
}
