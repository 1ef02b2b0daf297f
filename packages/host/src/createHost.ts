import type { Host } from './Host.js';
import type { HostOptions } from './HostOptions.js';
import { DefaultHost } from './Internal/DefaultHost.js';
import { resolveHostOptions } from './Internal/resolveHostOptions.js';

/**
 * Creates a {@link Host}: register services on `host.services` and hosted services with `host.addHostedService`,
 * then `start()`/`stop()` it beside your server, or hand it the process with `run()`.
 *
 * @remarks Every option is validated here: a wrong type or range, or an unknown key, throws
 * `BATON_ERR_HOST_INVALID_OPTIONS` naming the option. The host registers the `Clock` and `Logger` services unless
 * you register them.
 * @param options - Timeouts, exception policy, logging and clock; see {@link HostOptions} for the defaults.
 * @example
 * ```ts
 * import { BackgroundService, Clock, Logger } from '@baton/core';
 * import { createHost } from '@baton/host';
 *
 * class Heartbeat extends BackgroundService {
 *   static inject = [Clock, Logger] as const;
 *   constructor(private readonly clock: Clock, private readonly log: Logger) { super(); }
 *   protected async execute(signal: AbortSignal) {
 *     while (await this.clock.sleep(5_000, signal)) this.log.info('beat');
 *   }
 * }
 *
 * const host = createHost({ shutdownTimeout: '10s', onError: 'restart' });
 * host.addHostedService(Heartbeat);
 * await host.run(); // until SIGINT/SIGTERM; exits 0 after a clean stop
 * ```
 */
export function createHost(options?: HostOptions): Host {
  const resolved = resolveHostOptions(options, { env: process.env, isTTY: process.stdout.isTTY === true });
  return new DefaultHost(resolved, { process, random: Math.random, writeStderr: (text) => void process.stderr.write(text) });
}
