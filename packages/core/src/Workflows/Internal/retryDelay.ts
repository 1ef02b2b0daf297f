import type { RetryPolicy } from './WorkflowDefinition.js';

/** The delay (ms) after failed attempt `attempt` (from 1): base by backoff, capped at maxDelay, then ± jitter. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = policy.backoff === 'fixed' ? policy.delayMs : policy.delayMs * 2 ** (attempt - 1);
  const capped = Math.min(base, policy.maxDelayMs);
  if (policy.jitter === 0) return capped;
  return Math.max(0, Math.round(capped * (1 + policy.jitter * (2 * random() - 1))));
}
