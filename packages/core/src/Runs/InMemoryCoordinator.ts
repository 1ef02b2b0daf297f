import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { Coordinator, Lease } from './Coordinator.js';

/**
 * The embedded {@link Coordinator}: one process, so every tick claim is a local check and leases are map entries
 * that expire on the {@link Clock}.
 *
 * @remarks Claims are forgotten once their ttl has passed (pruned on the next claim). Share one instance between
 * engines in a test to simulate replicas.
 */
export class InMemoryCoordinator implements Coordinator {
  readonly #clock: Clock;
  /** `workflow@slot` → expiry. */
  readonly #claims = new Map<string, number>();
  readonly #leases = new Map<string, Lease>();
  #fence = 0;

  /** @param clock - Measures claim and lease expiry. Defaults to the system clock. */
  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async claimTick(workflow: string, scheduledAt: number, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now();
    for (const [key, expiresAt] of this.#claims) if (expiresAt <= now) this.#claims.delete(key);
    const key = `${workflow}@${scheduledAt}`;
    if (this.#claims.has(key)) return false;
    this.#claims.set(key, now + ttlMs);
    return true;
  }

  async acquireLease(key: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    const now = this.#clock.now();
    const current = this.#leases.get(key);
    if (current !== undefined && current.expiresAt > now) return undefined;
    const lease: Lease = Object.freeze({ key, holder, fence: ++this.#fence, expiresAt: now + ttlMs });
    this.#leases.set(key, lease);
    return lease;
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<boolean> {
    const current = this.#leases.get(lease.key);
    if (current === undefined || current.fence !== lease.fence) return false;
    this.#leases.set(lease.key, Object.freeze({ ...current, expiresAt: this.#clock.now() + ttlMs }));
    return true;
  }

  async releaseLease(lease: Lease): Promise<void> {
    if (this.#leases.get(lease.key)?.fence === lease.fence) this.#leases.delete(lease.key);
  }
}
