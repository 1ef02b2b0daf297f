import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { InstanceRecord, InstanceRegistration, InstanceRegistry } from './InstanceRegistry.js';
import { checkInstance } from './Internal/checkInstance.js';

/** Options of {@link InMemoryInstanceRegistry}. */
export interface InMemoryInstanceRegistryOptions {
  /**
   * How often hosts heartbeat. Defaults to `Infinity`: no heartbeat, since the registry lives and dies with the
   * process of its hosts. Give a finite interval when hosts that share one registry (in a test) play replicas.
   */
  readonly heartbeatIntervalMs?: number;
  /** An instance is stale once its last heartbeat is this old. Defaults to three heartbeat intervals. */
  readonly staleAfterMs?: number;
  /** The most stopped instances kept; the oldest are dropped beyond it. Defaults to 100. */
  readonly maxStopped?: number;
  readonly clock?: Clock;
}

interface Entry {
  registration: InstanceRegistration;
  startedAt: number;
  heartbeatAt: number;
  stoppedAt: number | undefined;
}

/**
 * The embedded {@link InstanceRegistry}: the instances that share this object, in process memory (this host, or the
 * hosts of a test that share one registry to play replicas).
 */
export class InMemoryInstanceRegistry implements InstanceRegistry {
  readonly heartbeatIntervalMs: number;
  readonly #staleAfterMs: number;
  readonly #maxStopped: number;
  readonly #clock: Clock;
  readonly #instances = new Map<string, Entry>();

  constructor(options: InMemoryInstanceRegistryOptions = {}) {
    const { heartbeatIntervalMs = Infinity, staleAfterMs, maxStopped = 100, clock = systemClock, ...unknown } = options;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `Unknown InMemoryInstanceRegistry option '${extra[0]}'; expected heartbeatIntervalMs, staleAfterMs, maxStopped or clock.`,
      );
    }
    const stale = staleAfterMs ?? heartbeatIntervalMs * 3;
    if (!(heartbeatIntervalMs > 0) || !(stale > heartbeatIntervalMs || stale === Infinity)) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `InMemoryInstanceRegistry needs heartbeatIntervalMs > 0 and staleAfterMs > heartbeatIntervalMs; got ${String(heartbeatIntervalMs)} and ${String(stale)}.`,
      );
    }
    if (!Number.isInteger(maxStopped) || maxStopped < 0) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryInstanceRegistry maxStopped must be an integer >= 0; got ${String(maxStopped)}.`);
    }
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    this.#staleAfterMs = stale;
    this.#maxStopped = maxStopped;
    this.#clock = clock;
  }

  async register(instance: InstanceRegistration): Promise<InstanceRecord> {
    const registration = checkInstance(instance);
    const now = this.#clock.now();
    const entry: Entry = { registration, startedAt: now, heartbeatAt: now, stoppedAt: undefined };
    this.#instances.delete(registration.id);
    this.#instances.set(registration.id, entry);
    return this.#record(entry, now);
  }

  async heartbeat(id: string): Promise<boolean> {
    const entry = this.#instances.get(id);
    if (entry === undefined || entry.stoppedAt !== undefined) return false;
    entry.heartbeatAt = this.#clock.now();
    return true;
  }

  async markStopped(id: string): Promise<void> {
    const entry = this.#instances.get(id);
    if (entry === undefined || entry.stoppedAt !== undefined) return;
    entry.stoppedAt = this.#clock.now();
    const stopped = [...this.#instances.values()].filter((candidate) => candidate.stoppedAt !== undefined);
    for (const old of stopped.slice(0, Math.max(0, stopped.length - this.#maxStopped))) this.#instances.delete(old.registration.id);
  }

  async list(): Promise<InstanceRecord[]> {
    const now = this.#clock.now();
    const records = [...this.#instances.values()].map((entry) => this.#record(entry, now));
    const rank = { running: 0, stale: 1, stopped: 2 } as const;
    return records.sort((a, b) => rank[a.status] - rank[b.status] || b.startedAt - a.startedAt);
  }

  #record(entry: Entry, now: number): InstanceRecord {
    const { startedAt, heartbeatAt, stoppedAt } = entry;
    const status = stoppedAt !== undefined ? 'stopped' : now - heartbeatAt > this.#staleAfterMs ? 'stale' : 'running';
    return Object.freeze({ ...entry.registration, startedAt, heartbeatAt, ...(stoppedAt === undefined ? {} : { stoppedAt }), status });
  }
}
