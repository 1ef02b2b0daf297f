import type { HostedService, ServiceKey, SingletonLeaseState } from '@baton/core';
import type { ResolvedPolicy } from './ResolvedPolicy.js';
import type { ServiceLog } from './HostingLog.js';
import type { ResolvedSingleton } from './ResolvedSingleton.js';

/** How a hosted service was registered. */
export type HostedServiceSource = 'class' | 'factory' | 'instance';

/** One registered hosted service: how to resolve it, and its state while the host runs. */
export class HostedServiceEntry {
  /** The key it is resolved by: the class itself, or a private token for a factory or an instance. */
  readonly key: ServiceKey<HostedService>;
  /** `undefined` until resolved, for an anonymous factory (named after the instance it returns). */
  name: string | undefined;
  /** Restarts performed so far under a restart policy. */
  restarts = 0;
  /** The restart in progress, if any; stop waits for it. */
  restarting: Promise<void> | undefined;
  instance: HostedService | undefined;
  log: ServiceLog | undefined;
  /** For a singleton, once resolved: whether it holds its lease. */
  lease: SingletonLeaseState | undefined;
  /** Its `execute` returned on its own (the work is done); a restart clears it. */
  completed = false;

  constructor(
    readonly index: number,
    readonly source: HostedServiceSource,
    /** What was passed to addHostedService: duplicates are detected on it. */
    readonly registration: unknown,
    name: string | undefined,
    /** The service's own policy; `undefined` defers to the host's. */
    readonly policy: ResolvedPolicy | undefined,
    /** The `singleton` option, validated; `undefined` for a service that is not one. */
    readonly singleton: ResolvedSingleton | undefined,
  ) {
    this.name = name;
    this.key = source === 'class' ? (registration as ServiceKey<HostedService>) : Symbol(`hosted service ${name ?? `#${index + 1}`}`);
  }

  /** The resolved name (resolution always assigns one). */
  get displayName(): string {
    return this.name ?? `hosted-service-${this.index + 1}`;
  }
}
