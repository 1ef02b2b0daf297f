import type { BillingPlans, Subscription } from '@baton/orchestration-tenant-provisioning';
import { Injectable } from '@nestjs/common';

/** The plans {@link BillingService} sells. */
const PLANS = ['free', 'pro', 'enterprise'];

/**
 * A Nest provider: the app's billing, in memory, bound into Baton's container as the orchestration's
 * `BillingPlans`. Any plan but `free`, `pro` and `enterprise` is refused with a permanent error
 * (`retryable: false`), so the orchestration undoes what it made.
 */
@Injectable()
export class BillingService implements BillingPlans {
  readonly #byKey = new Map<string, Subscription>();
  readonly #cancelled = new Set<string>();
  #ids = 0;

  async subscribe(request: { plan: string; idempotencyKey: string }): Promise<Subscription> {
    if (!PLANS.includes(request.plan)) {
      throw Object.assign(new Error(`Unknown plan '${request.plan}'; plans are ${PLANS.join(', ')}.`), { retryable: false });
    }
    const known = this.#byKey.get(request.idempotencyKey);
    if (known !== undefined) return known;
    const subscription = { subscriptionId: `sub-${++this.#ids}`, plan: request.plan };
    this.#byKey.set(request.idempotencyKey, subscription);
    return subscription;
  }

  async cancel(subscriptionId: string): Promise<void> {
    this.#cancelled.add(subscriptionId);
  }
}
