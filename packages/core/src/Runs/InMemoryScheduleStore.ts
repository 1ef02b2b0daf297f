import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { ScheduleState, ScheduleStore } from './ScheduleStore.js';

/**
 * The embedded {@link ScheduleStore}: one map in process memory. Share one instance between hosts (in a test) to play
 * replicas, and keep it across host restarts to keep the state.
 */
export class InMemoryScheduleStore implements ScheduleStore {
  readonly #clock: Clock;
  readonly #states = new Map<string, ScheduleState>();
  readonly #anchors = new Map<string, number>();

  /** @param clock - Stamps `updatedAt`. Defaults to the system clock. */
  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async setPaused(workflow: string, paused: boolean, until?: number): Promise<ScheduleState> {
    if (typeof workflow !== 'string' || workflow === '' || typeof paused !== 'boolean' || (until !== undefined && !Number.isFinite(until))) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `ScheduleStore.setPaused() needs a workflow name, a boolean and an optional finite time; got ${JSON.stringify([workflow, paused, until])}.`,
      );
    }
    const { lastSlot } = this.#states.get(workflow) ?? {};
    const state: ScheduleState = Object.freeze({
      workflow,
      paused,
      ...(paused && until !== undefined ? { pausedUntil: until } : {}),
      ...(lastSlot === undefined ? {} : { lastSlot }),
      updatedAt: this.#clock.now(),
    });
    this.#states.set(workflow, state);
    return state;
  }

  async recordSlot(workflow: string, slot: number): Promise<void> {
    const current = this.#states.get(workflow);
    if (current?.lastSlot !== undefined && current.lastSlot >= slot) return;
    this.#states.set(workflow, Object.freeze({ ...(current ?? { workflow, paused: false }), lastSlot: slot }));
  }

  async claimAnchor(workflow: string, anchor: number): Promise<number> {
    if (typeof workflow !== 'string' || workflow === '' || !Number.isFinite(anchor)) {
      throw new BatonError(
        BatonErrorCode.RunsInvalidOptions,
        `ScheduleStore.claimAnchor() needs a workflow name and a finite time; got ${JSON.stringify([workflow, anchor])}.`,
      );
    }
    const stored = this.#anchors.get(workflow);
    if (stored !== undefined) return stored;
    this.#anchors.set(workflow, anchor);
    return anchor;
  }

  async states(): Promise<ScheduleState[]> {
    return [...this.#states.values()];
  }
}
