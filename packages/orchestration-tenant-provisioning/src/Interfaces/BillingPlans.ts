import { token } from '@baton/core';

/** A tenant's subscription to a plan, as {@link BillingPlans} returns it. */
export interface Subscription {
  readonly subscriptionId: string;
  readonly plan: string;
}

/**
 * Subscribes tenants to billing plans.
 *
 * @remarks `subscribe` must be idempotent on `idempotencyKey`. `cancel` of a subscription that is already
 * cancelled resolves.
 */
export interface BillingPlans {
  subscribe(request: { readonly tenantId: string; readonly plan: string; readonly idempotencyKey: string }, signal: AbortSignal): Promise<Subscription>;
  cancel(subscriptionId: string, signal: AbortSignal): Promise<void>;
}

/** DI token for {@link BillingPlans}; the value and the type share one name. */
export const BillingPlans = token<BillingPlans>('@baton/orchestration-tenant-provisioning/BillingPlans');
