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
   * The service's long-running work.
   * @param signal - Aborts when the host begins a graceful stop. Return promptly once it does.
   */
  protected abstract execute(signal: AbortSignal): Promise<void>;

  async start(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.#stopping = new AbortController();
    // Not linked to `signal`: that one ends with startup, this one with the service.
    const stopping = this.#stopping.signal;
    // Started on a later microtask so a synchronous throw in execute() is a fault, not a start failure.
    this.#execution = Promise.resolve().then(() => this.execute(stopping));
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
