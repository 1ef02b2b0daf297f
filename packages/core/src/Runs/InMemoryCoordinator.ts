import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { Coordinator, Lease } from './Coordinator.js';
import { SoloMap } from './Internal/SoloMap.js';

/**
 * The embedded {@link Coordinator}: one process, so leases are map entries that expire on the {@link Clock}.
 *
 * @remarks Share one instance between engines in a test to play replicas.
 */
export class InMemoryCoordinator implements Coordinator {
  readonly #clock: Clock;
  // A SoloMap: the leases of scheduled runs are taken and released one after another.
  readonly #leases = new SoloMap<string, Lease>();
  #fence = 0;

  /** @param clock - Measures lease expiry. Defaults to the system clock. */
  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
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
