import type { Logger } from '../Logging/Logger.js';
import type { Coordinator, Lease } from '../Runs/Coordinator.js';
import type { Clock } from '../Time/Clock.js';
import type { BackgroundService } from './BackgroundService.js';
import { SingletonLeaseLoop } from './Internal/SingletonLeaseLoop.js';
import { singletonLeases } from './Internal/singletonLeases.js';

/** What `holdSingletonLease` needs: where the lease lives, its key and ttl, and who holds it. */
export interface SingletonLeaseOptions {
  readonly coordinator: Coordinator;
  /** Times the renewals, the polling and the self-fencing deadline. */
  readonly clock: Clock;
  readonly key: string;
  /** One id per host (replica). */
  readonly holder: string;
  readonly ttlMs: number;
  /** Receives `host:service:lease-acquired`, `-lost`, `-released` and `-failed` entries. */
  readonly logger: Logger;
}

/** Whether a singleton service holds its lease right now. */
export interface SingletonLeaseState {
  /** The lease while `execute` runs under it, else `undefined`. */
  readonly lease: Lease | undefined;
  /**
   * When the lease was lost while `execute` ran under it (the service's Clock, epoch ms), until that `execute`
   * returns; `undefined` otherwise. An `execute` that ignores its aborted signal goes on without the lease: a host
   * reads this to report a lease it could not fence.
   */
  readonly lostAt: number | undefined;
}

/**
 * Makes `service` a singleton: from its next `start`, `execute` runs only while this host holds `options.key`.
 *
 * @internal For hosts: `@baton/host` calls it for `addHostedService(S, { singleton })`; apps use that option.
 * @remarks While another holder has the key, the service polls `acquireLease` every third of the ttl and `execute`
 * does not run. Once it holds the key, `execute(signal)` runs and `this.lease` gives it the fencing token; the lease
 * is renewed every third of the ttl. When a renewal says the lease is gone, or no renewal is confirmed before the
 * ttl (counted from when the last confirmed request was sent) runs out, the signal aborts with
 * `BATON_ERR_SERVICE_LEASE_LOST`; once `execute` returns, the service waits for the lease again. On stop, and when
 * `execute` returns or throws while it holds the lease, the lease is released.
 */
export function holdSingletonLease(service: BackgroundService, options: SingletonLeaseOptions): SingletonLeaseState {
  const loop = new SingletonLeaseLoop(options);
  singletonLeases.set(service, loop);
  return loop;
}
