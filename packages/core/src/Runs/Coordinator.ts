import { token } from '../DependencyInjection/Token.js';

/** A lease held on a key until it expires, is released, or is taken over after expiry. */
export interface Lease {
  /** What is leased, e.g. `workflow:inventory-sync`. */
  readonly key: string;
  /** Who holds it: one id per engine instance (replica). */
  readonly holder: string;
  /** Increases on every acquisition of the key: a fencing token. */
  readonly fence: number;
  /** When it expires unless renewed (epoch ms). */
  readonly expiresAt: number;
}

/**
 * Decides which replica runs what. In memory ({@link InMemoryCoordinator}) every claim is local; on PostgreSQL a
 * tick claim is a row with a unique key (workflow, slot), so exactly one replica wins, and a lease is a row with an
 * expiry that its holder renews by heartbeat and another replica may take once it has expired.
 *
 * @remarks The engine, for each scheduled tick: `claimTick` (the loser does nothing; the winner records the run),
 * then, for overlap `skip` and `queue-one`, `acquireLease('workflow:<name>')` so one replica at a time runs the
 * workflow; it renews the lease every third of its ttl while the run is in flight and releases it when the run ends,
 * whatever the outcome. Manual runs are not claimed.
 */
export interface Coordinator {
  /**
   * Claims the tick of `workflow` at slot `scheduledAt`. Resolves `true` for exactly one caller per (workflow, slot)
   * within `ttlMs`; claims older than that may be forgotten.
   */
  claimTick(workflow: string, scheduledAt: number, ttlMs: number): Promise<boolean>;
  /** Acquires `key` for `holder` for `ttlMs`, or resolves `undefined` if another holder has an unexpired lease on it. */
  acquireLease(key: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends `lease` by `ttlMs` from now; resolves `false` if it was lost (expired and taken, or released). */
  renewLease(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Releases `lease`; a no-op if it was lost. */
  releaseLease(lease: Lease): Promise<void>;
}

/** DI token for the host's {@link Coordinator}; `addWorkflow` registers an {@link InMemoryCoordinator} unless the app did. */
export const Coordinator = token<Coordinator>('@baton/core/Coordinator');
