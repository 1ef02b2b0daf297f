// The lease that keeps a singleton BackgroundService on one replica at a time: wait for it, run `execute` while it
// is held, renew it every third of its ttl, and abort `execute` (self-fencing) as soon as it is lost or could not be
// renewed in time. See holdSingletonLease for the contract.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Coordinator, Lease } from '../../Runs/Coordinator.js';
import type { SingletonLeaseOptions } from '../holdSingletonLease.js';

/** Runs one service's `execute` under its lease, as many times as the lease is won back. */
export class SingletonLeaseLoop {
  readonly #options: SingletonLeaseOptions;
  readonly #renewMs: number;
  #lease: Lease | undefined;
  #lostAt: number | undefined;

  constructor(options: SingletonLeaseOptions) {
    this.#options = options;
    this.#renewMs = Math.max(1, Math.floor(options.ttlMs / 3));
  }

  /** The lease while `execute` runs under it; `undefined` while waiting for it, and once it is lost or released. */
  get lease(): Lease | undefined {
    return this.#lease;
  }

  /** When the lease was lost under a running `execute`, until it returns. */
  get lostAt(): number | undefined {
    return this.#lostAt;
  }

  /**
   * Until `stopping` aborts: wait for the lease, then `execute` under it. Resolves when `execute` returns while the
   * lease is still held (the work is done) or once stopped; rejects with what `execute` threw, unless that came after
   * the lease was lost and was the lost lease's error or a cancellation.
   */
  async run(stopping: AbortSignal, execute: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const { coordinator } = this.#options;
    for (;;) {
      const acquired = await this.#acquire(stopping);
      if (acquired === undefined) return;
      const { lease, validUntil } = acquired;
      this.#lease = lease;
      this.#options.logger.info(`Singleton lease '${lease.key}' acquired (fence ${lease.fence})`, {
        event: 'host:service:lease-acquired',
        key: lease.key,
        fence: lease.fence,
      });
      const held = new AbortController();
      const onStop = (): void => held.abort(stopping.reason);
      stopping.addEventListener('abort', onStop, { once: true });
      const renewal = new AbortController();
      const renewing = this.#renew(lease, validUntil, renewal.signal, (why) => {
        this.#lease = undefined;
        this.#lostAt = this.#options.clock.now();
        const error = new BatonError(
          BatonErrorCode.ServiceLeaseLost,
          `Singleton lease '${lease.key}' (fence ${lease.fence}) was lost: ${why}. Stop writing with this fence; the service waits to take the lease again.`,
        );
        this.#options.logger.warn(`Singleton lease '${lease.key}' lost: ${why}`, { event: 'host:service:lease-lost', key: lease.key, fence: lease.fence });
        held.abort(error);
      });
      let failure: unknown;
      try {
        await execute(held.signal);
      } catch (error) {
        failure = error;
      }
      this.#lostAt = undefined;
      stopping.removeEventListener('abort', onStop);
      renewal.abort();
      await renewing;
      this.#lease = undefined;
      const lost = BatonError.is(held.signal.reason, BatonErrorCode.ServiceLeaseLost);
      if (!lost) await this.#release(coordinator, lease);
      if (failure !== undefined && !(lost && isLostOrCancelled(failure, held.signal.reason))) throw failure;
      if (!lost) return;
      // Give the replica that took it a turn rather than racing it for the key at once.
      if (!(await this.#options.clock.sleep(this.#renewMs, stopping))) return;
    }
  }

  /** Polls for the lease every renewal interval; `undefined` once `stopping` aborts. */
  async #acquire(stopping: AbortSignal): Promise<{ lease: Lease; validUntil: number } | undefined> {
    const { coordinator, clock, key, holder, ttlMs, logger } = this.#options;
    while (!stopping.aborted) {
      const askedAt = clock.now();
      try {
        const lease = await coordinator.acquireLease(key, holder, ttlMs);
        if (lease !== undefined) {
          if (!stopping.aborted) return { lease, validUntil: askedAt + ttlMs };
          await this.#release(coordinator, lease);
          return undefined;
        }
      } catch (error) {
        logger.warn(`Could not acquire singleton lease '${key}'; trying again in ${this.#renewMs} ms`, {
          event: 'host:service:lease-failed',
          key,
          error: toError(error),
        });
      }
      if (!(await clock.sleep(this.#renewMs, stopping))) return undefined;
    }
    return undefined;
  }

  /**
   * Renews `lease` every renewal interval until `renewal` aborts, and calls `lost` (then returns) when the
   * coordinator says it is gone, or when `validUntil` passes without a confirmed renewal. `validUntil` is counted
   * from when each request was sent, so this replica gives the lease up no later than the coordinator expires it.
   */
  async #renew(lease: Lease, validUntil: number, renewal: AbortSignal, lost: (why: string) => void): Promise<void> {
    const { coordinator, clock, ttlMs, logger } = this.#options;
    for (;;) {
      if (!(await clock.sleepUntil(Math.min(clock.now() + this.#renewMs, validUntil), renewal))) return;
      if (clock.now() >= validUntil) return lost(`it could not be renewed within its ttl of ${ttlMs} ms`);
      const sentAt = clock.now();
      const answered = new AbortController();
      const outcome = await Promise.race([
        coordinator.renewLease(lease, ttlMs).then(
          (renewed) => (renewed ? 'renewed' : 'gone'),
          (error: unknown) => toError(error),
        ),
        clock.sleepUntil(validUntil, AbortSignal.any([renewal, answered.signal])).then(() => 'unanswered' as const),
      ]);
      answered.abort();
      if (renewal.aborted) return;
      if (outcome === 'renewed') validUntil = sentAt + ttlMs;
      else if (outcome === 'gone') return lost('another replica holds it, or it was released');
      else if (outcome instanceof Error)
        logger.warn(`Could not renew singleton lease '${lease.key}'`, { event: 'host:service:lease-failed', key: lease.key, error: outcome });
    }
  }

  async #release(coordinator: Coordinator, lease: Lease): Promise<void> {
    try {
      await coordinator.releaseLease(lease);
      this.#options.logger.info(`Singleton lease '${lease.key}' released`, { event: 'host:service:lease-released', key: lease.key, fence: lease.fence });
    } catch (error) {
      // It expires on its own after the ttl.
      this.#options.logger.warn(`Could not release singleton lease '${lease.key}'; it expires after its ttl`, {
        event: 'host:service:lease-failed',
        key: lease.key,
        error: toError(error),
      });
    }
  }
}

/** Whether `error`, thrown by `execute` after the lease was lost, only says so. */
function isLostOrCancelled(error: unknown, reason: unknown): boolean {
  return error === reason || BatonError.is(error, BatonErrorCode.ServiceLeaseLost) || (error instanceof Error && error.name === 'AbortError');
}
