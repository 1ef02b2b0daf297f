import { BatonError, BatonErrorCode, parseDuration } from '@baton/core';
import type { Clock, Duration } from '@baton/core';

// Captured at load, so a test that later installs fake timers (vi.useFakeTimers) cannot stall settling.
const realSetImmediate = globalThis.setImmediate;
const DEFAULT_SETTLE_TURNS = 3;
// Bail-out for work that keeps touching the clock at one virtual instant without ever going quiet.
const MAX_SETTLE_TURNS = 10_000;

/** Options of {@link ManualClock}. */
export interface ManualClockOptions {
  /** The clock's initial time: epoch ms, a `Date` or an ISO string. Defaults to 2026-01-01T00:00:00Z. */
  readonly start?: number | Date | string;
  /**
   * How many event-loop turns in a row must pass without clock activity (a sleep registered, woken or aborted)
   * before woken work counts as settled. Raise it for code that chains several `setImmediate` hops between two
   * clock calls. Defaults to 3. Settling gives up after 10,000 turns of continuous activity at one instant.
   */
  readonly settleTurns?: number;
}

interface Sleeper {
  readonly dueAt: number;
  readonly seq: number;
  readonly resolve: (woke: boolean) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
  // Position in the heap; -1 once settled.
  index: number;
}

/**
 * A {@link Clock} that only moves when a test moves it: weeks of schedules run in milliseconds, deterministically.
 *
 * @remarks
 * - Time starts at {@link ManualClock.defaultStart} (2026-01-01T00:00:00Z) unless `start` is given, and never moves
 *   on its own.
 * - `advance(d)` covers the half-open interval `[now, now + d)`: it wakes every sleeper due before `now + d`, then
 *   sets the time to `now + d`. A sleeper due exactly at `now + d` is woken by the next call, so `advance('1d')`
 *   twice fires a daily slot once per call, and a quarter-hourly cron fires 96 times in `advance('1d')`, not 97.
 *   `advanceTo(t)` covers `[now, t)` the same way. `advance(0)`, `advanceTo(now)` and {@link ManualClock.runUntilIdle}
 *   cover the current instant: they wake the sleepers already due.
 * - Sleepers are woken one at a time, in due-time order (ties in the order they went to sleep), with `now()` equal to
 *   each sleeper's due time, and the woken work settles before the next is woken. Work that sleeps again while being
 *   woken (a retry delay, the next tick) is woken within the same call when it is due before the target.
 * - "Settled" means `settleTurns` event-loop turns in a row (`setImmediate`) without clock activity: promise chains,
 *   `process.nextTick` and short `setImmediate` chains finish; real I/O and real timers are not waited for.
 * - Calls to `advance`, `advanceTo` and `runUntilIdle` queue behind each other, so a missing `await` cannot
 *   interleave two of them.
 * - Do not combine with `vi.useFakeTimers()` faking `setImmediate` in code under test that the clock must wait for.
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const scheduler = new HeapScheduler(clock);
 * scheduler.at(clock.now() + 60_000, onTick);
 * await clock.advance('1m'); // onTick has run, and whatever it awaited has settled
 * ```
 */
export class ManualClock implements Clock {
  /** The default start time: 2026-01-01T00:00:00Z, in epoch ms. */
  static readonly defaultStart: number = Date.UTC(2026, 0, 1);

  #now: number;
  readonly #settleTurns: number;
  readonly #heap: Sleeper[] = [];
  // Sleepers until a time that never comes (NaN, +Infinity); only an abort ends them.
  readonly #forever = new Set<Sleeper>();
  #seq = 0;
  // Bumped on every sleep registered, woken or aborted; settling waits until it stops moving.
  #activity = 0;
  #queue: Promise<void> = Promise.resolve();

  /** @param options - Start time and settling; see {@link ManualClockOptions}. */
  constructor(options: ManualClockOptions = {}) {
    this.#now = options.start === undefined ? ManualClock.defaultStart : toEpochMs(options.start, 'start');
    const turns = options.settleTurns ?? DEFAULT_SETTLE_TURNS;
    if (!Number.isInteger(turns) || turns < 1) {
      throw new BatonError(BatonErrorCode.ClockInvalidTime, `ManualClock settleTurns must be a whole number >= 1; got ${String(turns)}.`);
    }
    this.#settleTurns = turns;
  }

  /** The virtual time, epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Number of sleepers not yet woken or aborted. */
  get pendingSleepers(): number {
    return this.#heap.length + this.#forever.size;
  }

  /** The due time of the earliest pending sleeper (epoch ms), or `undefined` if none is pending. */
  get nextWakeAt(): number | undefined {
    return this.#heap[0]?.dueAt;
  }

  /**
   * Resolves `true` once the clock has been moved to `epochMs` or beyond, or `false` as soon as `signal` aborts.
   *
   * @remarks Resolves `true` at once if `epochMs` is not in the future. Never rejects.
   * @param signal - Aborts the wait; the promise then resolves `false`.
   */
  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<boolean> {
    this.#activity++;
    if (signal?.aborted) return Promise.resolve(false);
    if (epochMs <= this.#now) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const sleeper: Sleeper = {
        dueAt: epochMs,
        seq: this.#seq++,
        resolve,
        signal,
        onAbort: signal === undefined ? undefined : () => this.#abort(sleeper),
        index: -1,
      };
      signal?.addEventListener('abort', sleeper.onAbort!, { once: true });
      if (Number.isFinite(epochMs)) this.#push(sleeper);
      else this.#forever.add(sleeper);
    });
  }

  /** Like {@link ManualClock.sleepUntil}, `ms` from now. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return this.sleepUntil(this.#now + Math.max(0, ms), signal);
  }

  /**
   * Sets the time at once, forwards or backwards, and wakes every sleeper now due, in order, without waiting for
   * their work to settle.
   *
   * @remarks Prefer {@link ManualClock.advance}, which lets each woken sleeper's work settle. Throws
   * `BATON_ERR_CLOCK_INVALID_TIME` for something that is not a finite time.
   * @param time - Epoch ms, a `Date` or an ISO string.
   */
  set(time: number | Date | string): void {
    this.#now = toEpochMs(time, 'set()');
    for (let head = this.#heap[0]; head !== undefined && head.dueAt <= this.#now; head = this.#heap[0]) this.#wake(head);
  }

  /**
   * Moves time forward by `duration`, waking the sleepers due in `[now, now + duration)` one at a time and letting
   * each one's work settle.
   *
   * @remarks A sleeper due exactly at `now + duration` is left for the next call; `advance(0)` wakes the sleepers
   * already due. See the class remarks for the order. Throws `BATON_ERR_DURATION_INVALID` for a negative or
   * malformed duration (the promise rejects).
   * @param duration - Milliseconds or a duration string such as `'30s'` or `'1d'`.
   */
  advance(duration: Duration): Promise<void> {
    let ms: number;
    try {
      ms = parseDuration(duration, 'ManualClock.advance() duration');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#enqueue(() => this.#runTo(this.#now + ms));
  }

  /**
   * Moves time forward to `time`, like {@link ManualClock.advance}: wakes the sleepers due in `[now, time)`.
   *
   * @remarks Rejects with `BATON_ERR_CLOCK_INVALID_TIME` if `time` is not a finite time, or is earlier than the clock
   * when this call's turn comes (use {@link ManualClock.set} to go back on purpose).
   * @param time - Epoch ms, a `Date` or an ISO string.
   */
  advanceTo(time: number | Date | string): Promise<void> {
    let target: number;
    try {
      target = toEpochMs(time, 'advanceTo()');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#enqueue(() => {
      if (target < this.#now) {
        throw new BatonError(
          BatonErrorCode.ClockInvalidTime,
          `ManualClock.advanceTo(${new Date(target).toISOString()}) would move time backwards from ${new Date(this.#now).toISOString()}; use set() to go back on purpose.`,
        );
      }
      return this.#runTo(target);
    });
  }

  /** Wakes the sleepers already due (at or before now), one at a time, and lets their work settle; time does not move. */
  runUntilIdle(): Promise<void> {
    return this.#enqueue(() => this.#runTo(this.#now));
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(step);
    this.#queue = run.catch(noop);
    return run;
  }

  // Wakes the sleepers due before `target` (or, when `target` is now, those already due), then moves to `target`.
  async #runTo(target: number): Promise<void> {
    // [now, target): a sleeper due at `target` itself waits for the next call, so consecutive advances never count
    // an instant twice. A call that does not move time covers the current instant.
    const due = target > this.#now ? (dueAt: number) => dueAt < target : (dueAt: number) => dueAt <= target;
    await this.#settle();
    for (;;) {
      const head = this.#heap[0];
      if (head !== undefined && due(head.dueAt)) {
        if (head.dueAt > this.#now) this.#now = head.dueAt;
        this.#wake(head);
        await this.#settle();
      } else if (this.#now < target) {
        this.#now = target;
        await this.#settle();
      } else {
        return;
      }
    }
  }

  // Yields to the event loop until `settleTurns` turns in a row pass without clock activity.
  async #settle(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; quiet < this.#settleTurns && turn < MAX_SETTLE_TURNS; turn++) {
      const before = this.#activity;
      await new Promise<void>((resolve) => realSetImmediate(resolve));
      quiet = this.#activity === before ? quiet + 1 : 0;
    }
  }

  #wake(sleeper: Sleeper): void {
    this.#remove(sleeper.index);
    sleeper.signal?.removeEventListener('abort', sleeper.onAbort!);
    this.#activity++;
    sleeper.resolve(true);
  }

  #abort(sleeper: Sleeper): void {
    if (sleeper.index >= 0) this.#remove(sleeper.index);
    else if (!this.#forever.delete(sleeper)) return;
    this.#activity++;
    sleeper.resolve(false);
  }

  #push(sleeper: Sleeper): void {
    sleeper.index = this.#heap.length;
    this.#heap.push(sleeper);
    this.#siftUp(sleeper.index);
  }

  #remove(index: number): void {
    const heap = this.#heap;
    const removed = heap[index]!;
    removed.index = -1;
    const last = heap.pop()!;
    if (last === removed) return;
    heap[index] = last;
    last.index = index;
    this.#siftDown(index);
    this.#siftUp(last.index);
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    const sleeper = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(sleeper, parent)) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = sleeper;
    sleeper.index = index;
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    const sleeper = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      const smallest = heap[child]!;
      if (!before(smallest, sleeper)) break;
      heap[index] = smallest;
      smallest.index = index;
      index = child;
    }
    heap[index] = sleeper;
    sleeper.index = index;
  }
}

function before(a: Sleeper, b: Sleeper): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

function toEpochMs(value: unknown, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms === 'number' && Number.isFinite(ms)) return ms;
  throw new BatonError(
    BatonErrorCode.ClockInvalidTime,
    `ManualClock ${what} needs epoch ms, a valid Date or an ISO string such as '2026-01-01T00:00:00Z'; got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}.`,
  );
}

function noop(): void {}
