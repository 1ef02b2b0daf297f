// A Clock that only moves when a test moves it, for unit tests of the host's budgets and backoff. (The shipped
// ManualClock lives in @baton/testing, which depends on this package; this one keeps host's tests self-contained.)
import type { Clock } from '@baton/core';

interface Sleeper {
  readonly at: number;
  readonly resolve: (reached: boolean) => void;
}

/** Lets pending promise chains (including BackgroundService's setImmediate yield) run; no time passes. */
export async function settle(turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A virtual {@link Clock}: `now()` changes only through {@link ManualClock.advanceBy} and {@link ManualClock.advanceTo}. */
export class ManualClock implements Clock {
  #now: number;
  readonly #sleepers: Sleeper[] = [];
  readonly #watchers: (() => void)[] = [];

  constructor(start = Date.UTC(2030, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.sleepUntil(this.#now + Math.max(0, ms), signal);
  }

  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (epochMs <= this.#now) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        this.#remove(sleeper);
        resolve(false);
      };
      const sleeper: Sleeper = {
        at: epochMs,
        resolve: (reached) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reached);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#sleepers.sort((a, b) => a.at - b.at);
      for (const watcher of this.#watchers.splice(0)) watcher();
    });
  }

  /** Due times (epoch ms) of the pending sleepers, earliest first. */
  get pending(): readonly number[] {
    return this.#sleepers.map((sleeper) => sleeper.at);
  }

  /** Waits until someone sleeps (at once if someone does), then returns how far ahead the earliest sleeper is due. */
  async nextDelay(): Promise<number> {
    while (this.#sleepers.length === 0) await new Promise<void>((resolve) => this.#watchers.push(resolve));
    return this.#sleepers[0]!.at - this.#now;
  }

  /** Moves time forward by `ms`, waking each due sleeper in time order and letting its work settle. */
  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `epochMs`, waking each due sleeper in time order and letting its work settle. */
  async advanceTo(epochMs: number): Promise<void> {
    for (let next = this.#sleepers[0]; next !== undefined && next.at <= epochMs; next = this.#sleepers[0]) {
      this.#now = Math.max(this.#now, next.at);
      this.#remove(next);
      next.resolve(true);
      await settle();
    }
    this.#now = Math.max(this.#now, epochMs);
    await settle();
  }

  #remove(sleeper: Sleeper): void {
    const index = this.#sleepers.indexOf(sleeper);
    if (index >= 0) this.#sleepers.splice(index, 1);
  }
}
