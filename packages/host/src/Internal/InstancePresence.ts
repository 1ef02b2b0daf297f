// This host in the InstanceRegistry: registered once its provider is built (id, hostname, pid, version, services,
// workflows), heartbeating on the Clock while it runs, and marked stopped on a clean stop. A registry that fails is
// logged once per outage and never fails the host.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Clock,
  InMemoryInstanceRegistry,
  InstanceRegistry,
  toError,
  Workflows,
  type InstanceRegistration,
  type Logger,
  type ServiceCollection,
  type ServiceProvider,
} from '@baton/core';
import { hostVersion } from './hostVersion.js';

export class InstancePresence {
  readonly #registry: InstanceRegistry;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #registration: InstanceRegistration;
  readonly #stop = new AbortController();
  #failing = false;
  #beating: Promise<void> | undefined;

  private constructor(registry: InstanceRegistry, clock: Clock, log: Logger, registration: InstanceRegistration) {
    this.#registry = registry;
    this.#clock = clock;
    this.#log = log;
    this.#registration = registration;
  }

  /** Registers an {@link InMemoryInstanceRegistry} as the `InstanceRegistry`, unless the app registered one. */
  static addDefault(services: ServiceCollection, clock: Clock): void {
    if (!services.has(InstanceRegistry)) {
      services.addSingleton(InstanceRegistry, { useFactory: (resolver) => new InMemoryInstanceRegistry({ clock: resolver.tryGet(Clock) ?? clock }) });
    }
  }

  /**
   * Registers this host and starts its heartbeat. Its id is the workflow engine's `instanceId` when the host has
   * workflows (so the registry and `RunRecord.owner` agree), else a fresh one.
   */
  static async start(provider: ServiceProvider, log: Logger, services: readonly string[]): Promise<InstancePresence> {
    const workflows = provider.tryGet(Workflows);
    const registration: InstanceRegistration = {
      id: workflows?.instanceId ?? randomUUID(),
      hostname: hostname(),
      pid: process.pid,
      version: hostVersion,
      services,
      workflows: workflows?.names() ?? [],
    };
    const presence = new InstancePresence(provider.get(InstanceRegistry), provider.get(Clock), log, registration);
    await presence.#call('register', () => presence.#registry.register(registration));
    presence.#beating = presence.#heartbeat();
    return presence;
  }

  get id(): string {
    return this.#registration.id;
  }

  /** Ends the heartbeat and marks this host stopped. Never rejects. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#beating;
    await this.#call('mark stopped', () => this.#registry.markStopped(this.#registration.id));
  }

  async #heartbeat(): Promise<void> {
    if (!Number.isFinite(this.#registry.heartbeatIntervalMs)) return;
    while (await this.#clock.sleep(this.#registry.heartbeatIntervalMs, this.#stop.signal)) {
      const known = await this.#call('heartbeat', () => this.#registry.heartbeat(this.#registration.id));
      // Unknown to the registry (pruned, or a failed registration): register again.
      if (known === false) await this.#call('register', () => this.#registry.register(this.#registration));
    }
  }

  /** Calls the registry; a failure is logged at the first of an outage, and its end once it passes. */
  async #call<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      if (this.#failing) this.#log.info('The instance registry is reachable again', { instance: this.#registration.id });
      this.#failing = false;
      return result;
    } catch (error) {
      if (!this.#failing)
        this.#log.warn(`Could not ${what} this instance in the instance registry`, { instance: this.#registration.id, error: toError(error) });
      this.#failing = true;
      return undefined;
    }
  }
}
