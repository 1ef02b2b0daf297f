import type { Lease } from '../Runs/Coordinator.js';
import { singletonLeases } from './Internal/singletonLeases.js';
import { whenAborted } from './Internal/whenAborted.js';
import type { HostedService } from './HostedService.js';

const noop = (): void => {};

/**
 * Base class for a long-running {@link HostedService}: implement {@link BackgroundService.execute}.
 *
 * @remarks
 * `start` calls `execute` and returns once it has yielded (its first `await`), so a service that blocks at first
 * cannot hold the host's start up. `stop` aborts the signal given to `execute` and waits for it to settle, or until
 * the host's shutdown budget runs out. A rejection of `execute` is the service's fault; the host applies its
 * exception policy to it, read through {@link BackgroundService.execution}.
 *
 * Registered with `singleton` (see `HostedServiceOptions.singleton`), it runs on one replica at a time: `execute`
 * starts only once this host holds the service's lease, reads the fencing token from {@link BackgroundService.lease},
 * and its signal aborts with `BATON_ERR_SERVICE_LEASE_LOST` when the lease is lost, after which the service waits to
 * take the lease again.
 * @example
 * ```ts
 * class Heartbeat extends BackgroundService {
 *   static inject = [Clock] as const;
 *   constructor(private readonly clock: Clock) { super(); }
 *   protected async execute(signal: AbortSignal) {
 *     while (await this.clock.sleep(1000, signal)) console.log('beat');
 *   }
 * }
 * ```
 */
export abstract class BackgroundService implements HostedService {
  #stopping: AbortController | undefined;
  #execution: Promise<void> | undefined;

  /** The running `execute` call; `undefined` until started. */
  get execution(): Promise<void> | undefined {
    return this.#execution;
  }

  /**
   * The lease this replica holds while a singleton service's `execute` runs: pass `lease.fence` to downstream writes
   * so that a store can refuse a replica that lost it. `undefined` for a service that is not a singleton, and for a
   * singleton while it waits for the lease or once it has lost it.
   *
   * @remarks A getter rather than a second argument of `execute`, so that `execute(signal)` keeps one shape for every
   * service and the value is current wherever it is read: read it when you write, and stop writing once it is
   * `undefined` (the signal has aborted with `BATON_ERR_SERVICE_LEASE_LOST` by then).
   * @example
   * ```ts
   * protected async execute(signal: AbortSignal) {
   *   while (await this.clock.sleep(1000, signal)) await this.ledger.append(entry, { fence: this.lease!.fence });
   * }
   * ```
   */
  protected get lease(): Lease | undefined {
    return singletonLeases.get(this)?.lease;
  }

  /**
   * The service's long-running work.
   * @param signal - Aborts when the host begins a graceful stop, and for a singleton when its lease is lost (the
   * reason is then a `BATON_ERR_SERVICE_LEASE_LOST` BatonError). Return promptly once it does.
   */
  protected abstract execute(signal: AbortSignal): Promise<void>;

  async start(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.#stopping = new AbortController();
    // Not linked to `signal`: that one ends with startup, this one with the service.
    const stopping = this.#stopping.signal;
    // Started on a later microtask so a synchronous throw in execute() is a fault, not a start failure.
    const singleton = singletonLeases.get(this);
    this.#execution = Promise.resolve().then(() => (singleton === undefined ? this.execute(stopping) : singleton.run(stopping, (held) => this.execute(held))));
    // Faults are observed through `execution`; avoid an unhandled rejection meanwhile.
    this.#execution.catch(noop);
    // Let execute run up to its first await before start returns.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async stop(signal: AbortSignal): Promise<void> {
    // Stop called without start.
    if (this.#execution === undefined) return;
    this.#stopping?.abort();
    await Promise.race([this.#execution.then(noop, noop), whenAborted(signal)]);
  }
}
