import { token } from '../DependencyInjection/Token.js';

/** Where a host instance is: heartbeating, silent past the registry's timeout, or stopped cleanly. */
export type InstanceStatus = 'running' | 'stale' | 'stopped';

/** What a host tells the {@link InstanceRegistry} about itself when it starts. */
export interface InstanceRegistration {
  /** The instance's id: its workflow engine's `Workflows.instanceId` (the `owner` of its runs) when it has workflows. */
  readonly id: string;
  readonly hostname: string;
  readonly pid: number;
  /** The version of `@baton/host` it runs. */
  readonly version: string;
  /** Its hosted services' names, in registration order. */
  readonly services: readonly string[];
  /** Its workflows' names, in registration order. */
  readonly workflows: readonly string[];
}

/** A host instance as the {@link InstanceRegistry} lists it. Times are epoch ms, on the registry's clock. */
export interface InstanceRecord extends InstanceRegistration {
  readonly startedAt: number;
  readonly heartbeatAt: number;
  /** Set once it was marked stopped. */
  readonly stoppedAt?: number;
  /** `stale` when its last heartbeat is older than the registry's timeout and it was not marked stopped. */
  readonly status: InstanceStatus;
}

/**
 * The host instances (replicas) of an app: who runs, since when, with which services and workflows. Each host
 * registers itself at start, heartbeats every {@link InstanceRegistry.heartbeatIntervalMs}, and marks itself stopped on
 * a clean stop; one that goes silent is listed as `stale` after the registry's timeout. In memory by default
 * ({@link InMemoryInstanceRegistry}: this host only), PostgreSQL with `@baton/postgres` (every replica).
 */
export interface InstanceRegistry {
  /** How often a host should heartbeat, in ms (`Infinity`: never); the timeout after which it is stale is longer. */
  readonly heartbeatIntervalMs: number;
  /** Registers (or registers again) `instance` as running, started and heartbeating now. */
  register(instance: InstanceRegistration): Promise<InstanceRecord>;
  /** Records a heartbeat of instance `id`; resolves `false` if the registry does not know it (register it again). */
  heartbeat(id: string): Promise<boolean>;
  /** Marks instance `id` stopped (a clean stop); a no-op for an unknown id. */
  markStopped(id: string): Promise<void>;
  /** Every instance known, running ones first, then by start, newest first. */
  list(): Promise<InstanceRecord[]>;
}

/** DI token for the host's {@link InstanceRegistry}; the host registers an {@link InMemoryInstanceRegistry} unless the app did. */
export const InstanceRegistry = token<InstanceRegistry>('@baton/core/InstanceRegistry');
