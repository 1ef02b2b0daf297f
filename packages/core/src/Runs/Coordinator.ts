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
 * Named leases with fencing tokens: which replica holds what. In memory ({@link InMemoryCoordinator}) they are map
 * entries; on PostgreSQL, rows with an expiry that the holder renews by heartbeat and another replica may take once
 * it has expired. (Tick claims are not here: a scheduled run's creation in the RunStore is its slot's claim.)
 *
 * @remarks The engine, for each scheduled run under overlap `skip` or `queue-one`, acquires `workflow:<name>` so that
 * one replica at a time runs the workflow; it renews the lease with each heartbeat (by default every third of its ttl)
 * while the run is in flight, and releases it when the run ends, whatever the outcome. A singleton service holds `service:<name>` for as long as it
 * runs, and passes the lease's `fence` to downstream writes.
 */
export interface Coordinator {
  /** Acquires `key` for `holder` for `ttlMs`, or resolves `undefined` if another holder has an unexpired lease on it. */
  acquireLease(key: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends `lease` by `ttlMs` from now; resolves `false` if it was lost (expired and taken, or released). */
  renewLease(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Releases `lease`; a no-op if it was lost. */
  releaseLease(lease: Lease): Promise<void>;
}

/** DI token for the host's {@link Coordinator}; `addWorkflow` registers an {@link InMemoryCoordinator} unless the app did. */
export const Coordinator = token<Coordinator>('@baton/core/Coordinator');
