import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { ScheduleState, ScheduleStore } from './ScheduleStore.js';

/**
 * A workflow's state as kept: the frozen state readers get, and its latest slot, which recordSlot updates in place
 * (the state catches up on the next read). A frozen copy per recorded slot made recordSlot ~3% of the main thread with
 * 10,000 every-second workflows (~1% now), whose states are read once, at start.
 */
interface Kept {
  state: ScheduleState;
  lastSlot: number | undefined;
}

/**
 * The embedded {@link ScheduleStore}: one map in process memory. Share one instance between hosts (in a test) to play
 * replicas, and keep it across host restarts to keep the state.
 */
export class InMemoryScheduleStore implements ScheduleStore {
  readonly #clock: Clock;
  readonly #states = new Map<string, Kept>();
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
    const kept = this.#states.get(workflow);
    const lastSlot = kept?.lastSlot;
    const state: ScheduleState = Object.freeze({
      workflow,
      paused,
      ...(paused && until !== undefined ? { pausedUntil: until } : {}),
      ...(lastSlot === undefined ? {} : { lastSlot }),
      updatedAt: this.#clock.now(),
    });
    if (kept === undefined) this.#states.set(workflow, { state, lastSlot });
    else kept.state = state;
    return state;
  }

  async recordSlot(workflow: string, slot: number): Promise<void> {
    const kept = this.#states.get(workflow);
    if (kept === undefined) this.#states.set(workflow, { state: Object.freeze({ workflow, paused: false }), lastSlot: slot });
    else if (kept.lastSlot === undefined || slot > kept.lastSlot) kept.lastSlot = slot;
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
    return [...this.#states.values()].map(current);
  }
}

/** The kept state, with its latest slot. */
function current(kept: Kept): ScheduleState {
  if (kept.state.lastSlot !== kept.lastSlot) kept.state = Object.freeze({ ...kept.state, lastSlot: kept.lastSlot });
  return kept.state;
}
