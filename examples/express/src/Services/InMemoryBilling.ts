import { Logger } from '@baton/core';
import type { BillingPlans, Subscription } from '@baton/orchestration-tenant-provisioning';

/** The plans {@link InMemoryBilling} sells. */
const PLANS = ['free', 'pro', 'enterprise'];

/**
 * The app's billing, in memory. Any plan but `free`, `pro` and `enterprise` is refused with a permanent error
 * (`retryable: false`): the orchestration does not retry it and undoes the realm and client it made.
 */
export class InMemoryBilling implements BillingPlans {
  static readonly inject = [Logger] as const;

  readonly #byKey = new Map<string, Subscription>();
  readonly #cancelled = new Set<string>();
  readonly #log: Logger;
  #ids = 0;

  constructor(log: Logger) {
    this.#log = log.child({ component: 'InMemoryBilling' });
  }

  async subscribe(request: { tenantId: string; plan: string; idempotencyKey: string }): Promise<Subscription> {
    if (!PLANS.includes(request.plan)) {
      throw Object.assign(new Error(`Unknown plan '${request.plan}'; plans are ${PLANS.join(', ')}.`), { retryable: false });
    }
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return known;
    const subscription = { subscriptionId: `sub-${++this.#ids}`, plan: request.plan };
    this.#byKey.set(request.idempotencyKey, subscription);
    this.#log.info('Subscribed', { tenantId: request.tenantId, ...subscription });
    return subscription;
  }

  async cancel(subscriptionId: string): Promise<void> {
    if (!this.#cancelled.has(subscriptionId)) this.#cancelled.add(subscriptionId);
  }
}
