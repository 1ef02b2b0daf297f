// The virtual Clock of core's specs (core cannot depend on @baton/testing's ManualClock): time moves only by
// advance()/advanceTo(), which wake due sleepers one at a time, in due order (ties in registration order), and let the
// work each wake-up starts settle before the next; jump() moves time without waking anyone. "Settled" means 10
// setImmediate turns in a row without a sleep registered, as @baton/testing's ManualClock counts it: a scheduler that
// drains its due entries over several turns (touching the clock each time) is waited for.
import type { Clock } from '../Clock.js';

interface Sleeper {
  readonly dueAt: number;
  readonly wake: (woke: boolean) => void;
}

export class FakeClock implements Clock {
  #now: number;
  // Sorted by due time; a new sleeper goes after those due at the same instant.
  readonly #sleepers: Sleeper[] = [];
  /** How many sleeps were ever registered (to prove a scheduler arms one sleeper, not one per entry). */
  sleepCalls = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Sleepers not yet woken or aborted. */
  get pendingSleepers(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.sleepUntil(this.#now + Math.max(0, ms), signal);
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    this.sleepCalls++;
    if (signal?.aborted) return Promise.resolve(false);
    if (epochMs <= this.#now) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        const index = this.#sleepers.indexOf(sleeper);
        if (index !== -1) this.#sleepers.splice(index, 1);
        resolve(false);
      };
      const sleeper: Sleeper = {
        dueAt: epochMs,
        wake: (woke) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(woke);
        },
      };
      const index = this.#sleepers.findIndex((other) => other.dueAt > epochMs);
      this.#sleepers.splice(index === -1 ? this.#sleepers.length : index, 0, sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time to `target`, waking due sleepers in order and settling after each. */
  async advanceTo(target: number): Promise<void> {
    await this.#settle();
    for (let head = this.#sleepers[0]; head !== undefined && head.dueAt <= target; head = this.#sleepers[0]) {
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, head.dueAt);
      head.wake(true);
      await this.#settle();
    }
    this.#now = Math.max(this.#now, target);
    await this.#settle();
  }

  async #settle(quietTurns = 10): Promise<void> {
    let quiet = 0;
    for (let turn = 0; quiet < quietTurns && turn < 10_000; turn++) {
      const before = this.sleepCalls;
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = this.sleepCalls === before ? quiet + 1 : 0;
    }
  }

  /** Moves time forward by `ms`, waking due sleepers in order and settling after each. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  /** Jumps time without waking anyone: a process that was down, or an event loop that stalled. */
  jump(ms: number): void {
    this.#now += ms;
  }
}

/** Lets promise chains and setImmediate hops started by a wake-up run to completion. */
export async function settle(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise<void>((resolve) => setImmediate(resolve));
}
