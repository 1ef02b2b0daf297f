// A virtual Clock for these specs (until @baton/testing's ManualClock can be used from core): time moves only by
// advance(), which wakes sleepers one at a time in due order and lets the work they start settle in between.
import type { Clock } from '../../Time/Clock.js';

interface Sleeper {
  readonly due: number;
  readonly seq: number;
  readonly wake: (woke: boolean) => void;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #sleepers: Sleeper[] = [];

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Pending sleepers. */
  get pending(): number {
    return this.#sleepers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.sleepUntil(this.#now + Math.max(0, ms), signal);
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (epochMs <= this.#now) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        const index = this.#sleepers.indexOf(sleeper);
        if (index !== -1) this.#sleepers.splice(index, 1);
        resolve(false);
      };
      const sleeper: Sleeper = {
        due: epochMs,
        seq: this.#seq++,
        wake: (woke) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(woke);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  }

  /** Moves time forward by `ms`, waking due sleepers in order and settling after each. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      let next: Sleeper | undefined;
      for (const sleeper of this.#sleepers) {
        if (sleeper.due <= target && (next === undefined || sleeper.due < next.due || (sleeper.due === next.due && sleeper.seq < next.seq))) next = sleeper;
      }
      if (next === undefined) break;
      this.#sleepers.splice(this.#sleepers.indexOf(next), 1);
      this.#now = Math.max(this.#now, next.due);
      next.wake(true);
      await settle();
    }
    this.#now = target;
    await settle();
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
