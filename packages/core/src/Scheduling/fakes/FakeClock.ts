import type { Clock } from '../../Time/Clock.js';

/**
 * A minimal virtual clock for core's Scheduling specs (core cannot depend on @baton/testing's ManualClock).
 * `advanceTo` wakes due sleepers one at a time, in due order, and yields a few event-loop turns after each.
 */
export class FakeClock implements Clock {
  #now: number;
  #sleepers: { dueAt: number; resolve: (woke: boolean) => void; aborted: boolean }[] = [];
  /** How many sleeps were ever registered (to prove a scheduler arms one sleeper, not one per entry). */
  sleepCalls = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  get pendingSleepers(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.sleepUntil(this.#now + ms, signal);
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    this.sleepCalls++;
    if (signal?.aborted) return Promise.resolve(false);
    if (epochMs <= this.#now) return Promise.resolve(true);
    return new Promise((resolve) => {
      const sleeper = { dueAt: epochMs, resolve, aborted: false };
      // Stable insertion keeps ties in registration order.
      const index = this.#sleepers.findIndex((other) => other.dueAt > epochMs);
      this.#sleepers.splice(index === -1 ? this.#sleepers.length : index, 0, sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
          resolve(false);
        },
        { once: true },
      );
    });
  }

  async advanceTo(target: number): Promise<void> {
    await settle();
    for (let head = this.#sleepers[0]; head !== undefined && head.dueAt <= target; head = this.#sleepers[0]) {
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, head.dueAt);
      head.resolve(true);
      await settle();
    }
    this.#now = target;
    await settle();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
