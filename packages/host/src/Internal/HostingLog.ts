// The host's log lines in one place, each with a stable `event` name (`area:subject:phase`) that log queries and
// the integration tests key on.
import type { Logger } from '@baton/core';
import type { StopResult } from '../StopResult.js';

/** Named log helpers for the host and, through {@link HostingLog.service}, for one hosted service. */
export class HostingLog {
  readonly #log: Logger;

  constructor(logger: Logger, hostName: string) {
    this.#log = logger.child({ host: hostName });
  }

  /** The host's logger (carries `host`); children of it carry `service`. */
  get logger(): Logger {
    return this.#log;
  }

  service(name: string): ServiceLog {
    return new ServiceLog(this.#log.child({ service: name }));
  }

  starting(services: number): void {
    this.#log.info(`Host starting with ${services} hosted service(s)`, { event: 'host:starting', services });
  }

  started(services: number, elapsedMs: number): void {
    this.#log.info(`Host started with ${services} hosted service(s) in ${elapsedMs} ms`, { event: 'host:started', services, elapsedMs });
  }

  startFailed(error: unknown): void {
    this.#log.error('Host failed to start; the services already started were stopped', { event: 'host:start:failed', error });
  }

  orchestrationLoaded(name: string, packageName: string, source: 'directory' | 'installed', entry: string): void {
    this.#log.info(`Orchestration '${name}' loaded from ${packageName} (${source})`, {
      event: 'host:orchestration:loaded',
      orchestration: name,
      package: packageName,
      source,
      entry,
    });
  }

  stopping(reason: string): void {
    this.#log.info(`Host stopping (${reason})`, { event: 'host:stopping', reason });
  }

  stopped(result: StopResult, shutdownTimeoutMs: number, elapsedMs: number): void {
    const fields = {
      event: 'host:stopped',
      ok: result.ok,
      timedOut: result.timedOut,
      stillRunning: result.stillRunning,
      faulted: result.faulted,
      errors: result.errors.map((error) => error.message),
      elapsedMs,
    };
    if (result.ok) {
      this.#log.info(`Host stopped in ${elapsedMs} ms`, fields);
      return;
    }
    const parts: string[] = [];
    if (result.stillRunning.length > 0) {
      parts.push(`still running after the ${shutdownTimeoutMs} ms shutdown budget: ${result.stillRunning.join(', ')}`);
    } else if (result.timedOut) {
      parts.push(`the ${shutdownTimeoutMs} ms shutdown budget ran out`);
    }
    if (result.faulted.length > 0) parts.push(`faulted: ${result.faulted.join(', ')}`);
    if (parts.length === 0) parts.push(`${result.errors.length} error(s)`);
    this.#log.error(`Host stopped with problems; ${parts.join('; ')}`, fields);
  }

  processFault(kind: 'uncaughtException' | 'unhandledRejection', error: Error, action: string): void {
    this.#log.error(`${kind} in the process; ${action}`, { event: 'host:process:faulted', kind, error });
  }

  signal(signal: string, forced: boolean): void {
    if (forced) this.#log.warn(`Received ${signal} again; exiting without waiting for the services`, { event: 'host:signal:forced', signal });
    else this.#log.info(`Received ${signal}; stopping gracefully (send it again to exit at once)`, { event: 'host:signal:received', signal });
  }
}

/** Log lines about one hosted service; every entry carries `service: <name>`. */
export class ServiceLog {
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  get logger(): Logger {
    return this.#log;
  }

  phase(phase: 'starting' | 'started' | 'stopping' | 'stopped'): void {
    this.#log.info(`Hosted service ${phase}`, { event: `host:service:${phase}` });
  }

  hookFailed(hook: string, error: unknown): void {
    this.#log.error(`Hosted service threw from ${hook}`, { event: 'host:service:failed', hook, error });
  }

  notStopped(): void {
    this.#log.error('Hosted service did not stop within the shutdown budget', { event: 'host:service:still-running' });
  }

  completed(): void {
    this.#log.debug('Hosted service finished its work', { event: 'host:service:completed' });
  }

  faulted(error: Error, action: string): void {
    this.#log.error(`Hosted service faulted; ${action}`, { event: 'host:service:faulted', action, error });
  }

  restarting(error: Error, attempt: number, maxRestarts: number, delayMs: number): void {
    this.#log.error(`Hosted service faulted; restarting it in ${delayMs} ms (restart ${attempt} of ${maxRestarts})`, {
      event: 'host:service:faulted',
      action: 'restart',
      attempt,
      maxRestarts,
      delayMs,
      error,
    });
  }

  restarted(attempt: number): void {
    this.#log.info(`Hosted service restarted (restart ${attempt})`, { event: 'host:service:restarted', attempt });
  }
}
