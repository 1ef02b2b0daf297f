/**
 * The delay before restart number `attempt` (0 for the first): `initialDelayMs * 2^attempt`, capped at `maxDelayMs`,
 * then spread by ± `jitter` of itself. `random` returns a number in [0, 1); 0.5 means no spread.
 */
export function backoffDelay(
  policy: { readonly initialDelayMs: number; readonly maxDelayMs: number; readonly jitter: number },
  attempt: number,
  random: () => number,
): number {
  const base = Math.min(policy.initialDelayMs * 2 ** attempt, policy.maxDelayMs);
  const spread = policy.jitter === 0 ? 0 : base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}
