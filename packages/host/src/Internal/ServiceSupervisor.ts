// Watches each started service's `execution` and applies the exception policy when it rejects: ignore, stop the
// host, or restart the same instance with exponential backoff on the host's Clock.
import { BatonError, BatonErrorCode, toError, type Clock } from '@baton/core';
import { backoffDelay } from './backoffDelay.js';
import type { HostedServiceEntry } from './HostedServiceEntry.js';
import { isCancellation } from './isCancellation.js';
import type { ResolvedPolicy } from './ResolvedPolicy.js';

/** What the supervisor needs from the host. */
export interface SupervisedHost {
  readonly clock: Clock;
  readonly policy: ResolvedPolicy;
  /** Aborts when the host begins to stop. */
  readonly stopRequested: AbortSignal;
  /** A number in [0, 1), for jitter. */
  random(): number;
  /** Records a fault for the stop report. */
  recordFault(entry: HostedServiceEntry, error: Error): void;
  /** Begins a stop of the host; never rejects. */
  requestStop(reason: string): void;
}

/** Applies the exception policy to faults of started services. */
export class ServiceSupervisor {
  readonly #host: SupervisedHost;
  readonly #settled = new WeakMap<HostedServiceEntry, Promise<void>>();

  constructor(host: SupervisedHost) {
    this.#host = host;
  }

  /** Resolves when the entry's current execution settles (at once if it has none). Never rejects. */
  executionSettled(entry: HostedServiceEntry): Promise<void> {
    return this.#settled.get(entry) ?? Promise.resolve();
  }

  /** Watches the entry's `execution`, if its instance exposes one; call after each successful start. */
  observe(entry: HostedServiceEntry): void {
    const execution = (entry.instance as { execution?: unknown } | undefined)?.execution;
    if (!isPromiseLike(execution)) return;
    entry.completed = false;
    this.#settled.set(
      entry,
      Promise.resolve(execution).then(
        () => {
          entry.completed = true;
          entry.log?.completed();
        },
        (reason: unknown) => {
          this.#onFault(entry, reason);
        },
      ),
    );
  }

  #onFault(entry: HostedServiceEntry, reason: unknown): void {
    const host = this.#host;
    const error = toError(reason);
    const name = entry.displayName;
    if (host.stopRequested.aborted) {
      // Cancellation during stop is not a fault.
      if (isCancellation(reason)) return;
      this.#record(entry, error, 'the host is already stopping');
      return;
    }
    const policy = entry.policy ?? host.policy;
    switch (policy.kind) {
      case 'ignore':
        this.#record(entry, error, 'ignored by policy; the other services keep running');
        return;
      case 'stop-host':
        this.#record(entry, error, 'stopping the host');
        host.requestStop(`hosted service '${name}' faulted`);
        return;
      case 'restart':
        if (entry.restarts >= policy.maxRestarts) {
          this.#record(entry, error, `giving up after ${entry.restarts} restart(s); stopping the host`);
          host.requestStop(`hosted service '${name}' faulted after ${entry.restarts} restart(s)`);
          return;
        }
        entry.restarting = this.#restart(entry, policy, error).finally(() => {
          entry.restarting = undefined;
        });
    }
  }

  async #restart(entry: HostedServiceEntry, policy: Extract<ResolvedPolicy, { kind: 'restart' }>, error: Error): Promise<void> {
    const host = this.#host;
    const instance = entry.instance!;
    const delayMs = backoffDelay(policy, entry.restarts, () => host.random());
    entry.restarts += 1;
    entry.log?.restarting(error, entry.restarts, policy.maxRestarts, delayMs);
    // false: the host began to stop while we waited; its stop takes it from here, and the fault stands.
    if (!(await host.clock.sleep(delayMs, host.stopRequested))) {
      host.recordFault(entry, faultedError(entry, error));
      return;
    }
    let failure: unknown;
    try {
      // The same instance: stop what is left of the faulted run, then start it again.
      await instance.stop(host.stopRequested);
      if (host.stopRequested.aborted) return;
      await instance.start(host.stopRequested);
    } catch (caught) {
      failure = caught;
    }
    if (failure !== undefined) {
      // A failed restart is another fault of the same service: the policy (and its count) decides again.
      this.#onFault(entry, failure);
      return;
    }
    entry.log?.restarted(entry.restarts);
    this.observe(entry);
  }

  #record(entry: HostedServiceEntry, error: Error, action: string): void {
    entry.log?.faulted(error, action);
    this.#host.recordFault(entry, faultedError(entry, error));
  }
}

function faultedError(entry: HostedServiceEntry, error: Error): BatonError {
  return new BatonError(BatonErrorCode.ServiceFaulted, `Hosted service '${entry.displayName}' faulted: ${error.message}`, { cause: error });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
