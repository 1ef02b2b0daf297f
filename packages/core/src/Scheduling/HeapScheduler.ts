import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import type { Scheduler, SchedulerHandle } from './Scheduler.js';

/** Options of {@link HeapScheduler}. */
export interface HeapSchedulerOptions {
  /**
   * Receives an error thrown by a callback (which breaks the {@link Scheduler} contract).
   * Defaults to rethrowing it from a microtask, as a throwing timer callback would: the process sees an uncaught
   * exception.
   */
  readonly onCallbackError?: (error: unknown, dueAt: number) => void;
}

interface Entry {
  readonly dueAt: number;
  readonly seq: number;
  readonly callback: (dueAt: number) => void;
  // Position in the heap; -1 once fired or cancelled.
  index: number;
}

/**
 * The {@link Scheduler}: one binary min-heap of due times on a {@link Clock}, and one sleeper for the earliest.
 *
 * @remarks
 * - `at()` and `cancel()` cost O(log n). Pending entries cost nothing between wake-ups: there is no timer per entry
 *   and no polling, only one `clock.sleepUntil` for the earliest due time.
 * - The sleeper is re-armed only when a new entry becomes the earliest. Cancelling the earliest leaves the sleeper
 *   in place; it then wakes early, finds nothing due, and sleeps again.
 * - Callbacks run in due-time order, ties in insertion order, once `clock.now() >= dueAt`, and never synchronously
 *   inside `at()`. An entry added while due entries are being fired, and already due itself, runs on the next
 *   wake-up, so a callback that re-registers itself at `now` cannot starve the event loop within one drain.
 * - After `close()`, `at()` registers nothing and returns a handle whose `cancel()` does nothing.
 * @example
 * ```ts
 * const scheduler = new HeapScheduler(clock);
 * const handle = scheduler.at(clock.now() + 5_000, (dueAt) => startRun(dueAt));
 * ```
 */
export class HeapScheduler implements Scheduler {
  readonly #clock: Clock;
  readonly #onCallbackError: (error: unknown, dueAt: number) => void;
  readonly #heap: Entry[] = [];
  #seq = 0;
  #closed = false;
  // True while due callbacks run; `at()` then leaves arming to the end of the drain.
  #firing = false;
  // The one pending sleeper, if any, and the due time it sleeps until.
  #sleeper: AbortController | undefined;
  #sleepingUntil = Number.POSITIVE_INFINITY;

  /**
   * @param clock - The time source; the host's clock, or a virtual clock in tests.
   * @param options - How to report a callback that throws.
   */
  constructor(clock: Clock, options: HeapSchedulerOptions = {}) {
    this.#clock = clock;
    this.#onCallbackError =
      options.onCallbackError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  /** Number of pending entries. */
  get size(): number {
    return this.#heap.length;
  }

  /** The earliest pending due time (epoch ms), or `undefined` when nothing is pending. */
  get nextDueAt(): number | undefined {
    return this.#heap[0]?.dueAt;
  }

  /**
   * Registers `callback` to run once at `dueAt`.
   *
   * @remarks A `dueAt` in the past runs on the next wake-up (asynchronously). Throws
   * `BATON_ERR_SCHEDULER_INVALID_ARGUMENT` if `dueAt` is not a finite number or `callback` is not a function.
   * @param dueAt - Epoch ms, on the scheduler's clock.
   * @param callback - Receives `dueAt`. Must not throw; see {@link HeapSchedulerOptions.onCallbackError}.
   */
  at(dueAt: number, callback: (dueAt: number) => void): SchedulerHandle {
    if (typeof dueAt !== 'number' || !Number.isFinite(dueAt)) {
      throw new BatonError(BatonErrorCode.SchedulerInvalidArgument, `Scheduler.at() needs a finite epoch ms; got ${String(dueAt)}.`);
    }
    if (typeof callback !== 'function') {
      throw new BatonError(BatonErrorCode.SchedulerInvalidArgument, `Scheduler.at() needs a callback function; got ${typeof callback}.`);
    }
    if (this.#closed) return { dueAt, cancel: noop };
    const entry: Entry = { dueAt, seq: this.#seq++, callback, index: this.#heap.length };
    this.#heap.push(entry);
    this.#siftUp(entry.index);
    if (dueAt < this.#sleepingUntil && !this.#firing) this.#arm();
    return {
      dueAt,
      cancel: () => {
        if (entry.index >= 0) this.#remove(entry.index);
      },
    };
  }

  /** Stops the sleeper and drops every pending entry; idempotent. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#heap) entry.index = -1;
    this.#heap.length = 0;
    this.#disarm();
  }

  // Sleeps until the earliest entry is due, replacing any sleeper for a later time.
  #arm(): void {
    this.#disarm();
    const head = this.#heap[0];
    if (head === undefined || this.#closed) return;
    const sleeper = new AbortController();
    this.#sleeper = sleeper;
    this.#sleepingUntil = head.dueAt;
    void this.#clock.sleepUntil(head.dueAt, sleeper.signal).then((woke) => {
      // A newer sleeper replaced this one.
      if (this.#sleeper !== sleeper) return;
      this.#sleeper = undefined;
      this.#sleepingUntil = Number.POSITIVE_INFINITY;
      if (woke) this.#fireDue();
    });
  }

  #disarm(): void {
    const sleeper = this.#sleeper;
    this.#sleeper = undefined;
    this.#sleepingUntil = Number.POSITIVE_INFINITY;
    sleeper?.abort();
  }

  #fireDue(): void {
    const now = this.#clock.now();
    // Entries registered from here on wait for the next wake-up.
    const lastSeq = this.#seq;
    this.#firing = true;
    try {
      for (let head = this.#heap[0]; head !== undefined && head.dueAt <= now && head.seq < lastSeq; head = this.#heap[0]) {
        this.#remove(0);
        try {
          head.callback(head.dueAt);
        } catch (error) {
          this.#report(error, head.dueAt);
        }
      }
    } finally {
      this.#firing = false;
    }
    this.#arm();
  }

  #report(error: unknown, dueAt: number): void {
    try {
      this.#onCallbackError(error, dueAt);
    } catch (reportError) {
      // The reporter itself threw: surface it like a throwing timer callback, and keep the drain going.
      queueMicrotask(() => {
        throw reportError;
      });
    }
  }

  #remove(index: number): void {
    const heap = this.#heap;
    const removed = heap[index]!;
    removed.index = -1;
    const last = heap.pop()!;
    if (last !== removed) {
      heap[index] = last;
      last.index = index;
      this.#siftDown(index);
      this.#siftUp(last.index);
    }
    if (heap.length === 0) this.#disarm();
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    const entry = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(entry, parent)) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.index = index;
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const entry = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
      const smallest = heap[child]!;
      if (!before(smallest, entry)) break;
      heap[index] = smallest;
      smallest.index = index;
      index = child;
    }
    heap[index] = entry;
    entry.index = index;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
}

function noop(): void {}
