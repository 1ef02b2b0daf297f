import { performance } from 'node:perf_hooks';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import type { Scheduler, SchedulerHandle } from './Scheduler.js';
import type { SchedulerLag } from './SchedulerLag.js';
import { checkHeapSchedulerOptions } from './Internal/checkHeapSchedulerOptions.js';

// Captured at load: a test that fakes timers (vi.useFakeTimers) must not stall the hop between two drains, which a
// virtual clock such as @baton/testing's ManualClock waits for with real setImmediate turns.
const realSetImmediate = globalThis.setImmediate;
const realClearImmediate = globalThis.clearImmediate;
// Likewise for the hop after each callback of a drain (vi.useFakeTimers can fake both when asked to).
const realQueueMicrotask = globalThis.queueMicrotask;
const realNextTick = process.nextTick;

const DEFAULT_MAX_CALLBACKS_PER_DRAIN = 5_000;
const DEFAULT_DRAIN_BUDGET_MS = 5;
const DEFAULT_LAG_THRESHOLD_MS = 1_000;
const NOT_LAGGING: SchedulerLag = Object.freeze({ overloaded: false, lateByMs: 0, due: 0 });

/** Options of {@link HeapScheduler}. */
export interface HeapSchedulerOptions {
  /**
   * Receives an error thrown by a callback (which breaks the {@link Scheduler} contract).
   * Defaults to rethrowing it from a microtask, as a throwing timer callback would: the process sees an uncaught
   * exception.
   */
  readonly onCallbackError?: (error: unknown, dueAt: number) => void;
  /**
   * The most callbacks one drain runs before the scheduler gives the event loop back. A whole number >= 1; defaults
   * to 5,000.
   */
  readonly maxCallbacksPerDrain?: number;
  /**
   * The real time, in ms, that one drain may hold the event loop: its callbacks and the synchronous work they set
   * off (the promise reactions they queue, such as the steps of the runs they start, up to their first real I/O).
   * After each callback a drain lets the microtasks it set off run, and goes on only while it has spent less than
   * this: it overruns by at most one callback. Measured with `performance.now()`, whatever the clock: it bounds
   * work, not the schedule. A drain always runs at least one callback. Defaults to 5.
   */
  readonly drainBudgetMs?: number;
  /**
   * How late, in ms on the clock, the earliest due entry may be when a drain begins before the scheduler counts as
   * overloaded (see {@link SchedulerLag.overloaded}). Defaults to 1,000.
   */
  readonly lagThresholdMs?: number;
  /**
   * Called when the scheduler becomes overloaded (`overloaded: true`, with how late it was and how much was due), and
   * once more when it has caught up (`overloaded: false`, nothing due). Called between two callbacks, never inside
   * one; like a callback, it must not throw.
   */
  readonly onLag?: (lag: SchedulerLag) => void;
}

/**
 * One drain in progress: when it began, on the clock and in real time, and how many callbacks it has run; `hop` goes
 * on after the microtasks of a callback (see #runNext), made once per drain rather than once per callback.
 */
interface DrainState {
  readonly now: number;
  readonly lastSeq: number;
  readonly started: number;
  ran: number;
  hop: () => void;
}

/**
 * A pending entry, which is also its handle: a handle object and a `cancel` closure per `at()` were ~100 bytes of
 * garbage per tick (10,000 every-second workflows through the host, bench/cases/schedules-every-second.mjs).
 */
class Entry implements SchedulerHandle {
  readonly dueAt: number;
  readonly seq: number;
  readonly callback: (dueAt: number) => void;
  // Position in the heap; -1 once fired or cancelled.
  index: number;
  readonly #remove: (index: number) => void;

  constructor(dueAt: number, seq: number, callback: (dueAt: number) => void, index: number, remove: (index: number) => void) {
    this.dueAt = dueAt;
    this.seq = seq;
    this.callback = callback;
    this.index = index;
    this.#remove = remove;
  }

  cancel(): void {
    if (this.index >= 0) this.#remove(this.index);
  }
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
 *   inside `at()`. An entry added while due entries are being fired, and already due itself, runs in a later drain.
 * - The scheduler never holds the event loop. Due callbacks run in drains of at most `maxCallbacksPerDrain`
 *   callbacks, sized to hold the loop for about `drainBudgetMs` of real time including the microtasks the callbacks
 *   set off, and every drain starts on a macrotask of its own (`setImmediate`), never in a microtask, even when the
 *   clock resolves a sleep at once: between two drains, timers, I/O and signal handlers run.
 * - Under overload (more due than the process can run) callbacks run later, still in order, and
 *   {@link HeapScheduler.lag} and {@link HeapSchedulerOptions.onLag} say so; an owner that must not run a tick that
 *   is too late compares its `dueAt` with `clock.now()`.
 * - After `close()`, `at()` registers nothing and returns a handle whose `cancel()` does nothing.
 * @example
 * ```ts
 * const scheduler = new HeapScheduler(clock, { onLag: (lag) => log.warn('Scheduler lagging', lag) });
 * const handle = scheduler.at(clock.now() + 5_000, (dueAt) => startRun(dueAt));
 * ```
 */
export class HeapScheduler implements Scheduler {
  readonly #clock: Clock;
  readonly #onCallbackError: (error: unknown, dueAt: number) => void;
  readonly #maxCallbacksPerDrain: number;
  readonly #drainBudgetMs: number;
  readonly #lagThresholdMs: number;
  readonly #onLag: ((lag: SchedulerLag) => void) | undefined;
  readonly #heap: Entry[] = [];
  #seq = 0;
  #closed = false;
  #overloaded = false;
  // True while due callbacks run; `at()` then leaves arming to the end of the drain.
  #firing = false;
  // The one pending wake-up, if any, and the due time it is for. It sleeps on the clock, then hops to a macrotask.
  #sleeper: AbortController | undefined;
  #sleepingUntil = Number.POSITIVE_INFINITY;

  /**
   * @param clock - The time source; the host's clock, or a virtual clock in tests.
   * @param options - Drain bounds, lag reporting, and how to report a callback that throws. Throws
   * `BATON_ERR_SCHEDULER_INVALID_ARGUMENT` for an unknown key or a value out of range.
   */
  constructor(clock: Clock, options: HeapSchedulerOptions = {}) {
    checkHeapSchedulerOptions(options);
    this.#clock = clock;
    this.#onCallbackError =
      options.onCallbackError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
    this.#maxCallbacksPerDrain = options.maxCallbacksPerDrain ?? DEFAULT_MAX_CALLBACKS_PER_DRAIN;
    this.#drainBudgetMs = options.drainBudgetMs ?? DEFAULT_DRAIN_BUDGET_MS;
    this.#lagThresholdMs = options.lagThresholdMs ?? DEFAULT_LAG_THRESHOLD_MS;
    this.#onLag = options.onLag;
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
   * How far behind the scheduler is, now: whether it is overloaded, how late the earliest due entry is, and how many
   * are due. Costs O(due entries); meant for a health check, not a hot path.
   */
  get lag(): SchedulerLag {
    const head = this.#heap[0];
    const now = this.#clock.now();
    if (head === undefined || head.dueAt > now) return this.#overloaded ? { overloaded: true, lateByMs: 0, due: 0 } : NOT_LAGGING;
    return { overloaded: this.#overloaded, lateByMs: now - head.dueAt, due: this.#countDue(now) };
  }

  /**
   * Registers `callback` to run once at `dueAt`.
   *
   * @remarks A `dueAt` in the past runs in the next drain, on a later macrotask, never inside `at()`. Throws
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
    const entry = new Entry(dueAt, this.#seq++, callback, this.#heap.length, this.#removeAt);
    this.#heap.push(entry);
    this.#siftUp(entry.index);
    if (dueAt < this.#sleepingUntil && !this.#firing) this.#arm();
    return entry;
  }

  readonly #removeAt = (index: number): void => this.#remove(index);

  /** Stops the sleeper and drops every pending entry, without a last lag report; idempotent. */
  close(): void {
    this.#closed = true;
    this.#overloaded = false;
    for (const entry of this.#heap) entry.index = -1;
    this.#heap.length = 0;
    this.#disarm();
  }

  // Sleeps until the earliest entry is due, replacing any sleeper for a later time, then drains on a macrotask of its
  // own: a clock may resolve a sleep until an instant already past at once, and a drain started from that promise's
  // reaction (a microtask) would run before the event loop gets a turn, drain after drain.
  #arm(): void {
    this.#disarm();
    const head = this.#heap[0];
    if (head === undefined || this.#closed) return this.#caughtUp();
    if (head.dueAt > this.#clock.now()) this.#caughtUp();
    const sleeper = new AbortController();
    this.#sleeper = sleeper;
    this.#sleepingUntil = head.dueAt;
    void this.#clock.sleepUntil(head.dueAt, sleeper.signal).then((woke) => {
      if (!woke || this.#sleeper !== sleeper) return;
      const hop = realSetImmediate(() => {
        // A newer sleeper replaced this one, or the scheduler closed.
        if (this.#sleeper !== sleeper) return;
        this.#sleeper = undefined;
        this.#sleepingUntil = Number.POSITIVE_INFINITY;
        this.#drain();
      });
      sleeper.signal.addEventListener('abort', () => realClearImmediate(hop), { once: true });
    });
  }

  #disarm(): void {
    const sleeper = this.#sleeper;
    this.#sleeper = undefined;
    this.#sleepingUntil = Number.POSITIVE_INFINITY;
    sleeper?.abort();
  }

  // Runs due callbacks, in order, until nothing due is left or the drain has used its count or time budget. After each
  // callback the drain lets the microtasks it set off run (the run it started, up to its first real I/O), then goes on
  // only while the drain's real time, those microtasks included, is within the budget: a drain overruns its budget by
  // at most one callback, however the cost of its callbacks varies.
  #drain(): void {
    const now = this.#clock.now();
    const first = this.#heap[0];
    if (first !== undefined && !this.#overloaded && now - first.dueAt > this.#lagThresholdMs) {
      this.#overloaded = true;
      this.#reportLag({ overloaded: true, lateByMs: now - first.dueAt, due: this.#countDue(now) });
    }
    this.#firing = true;
    // Entries registered from here on wait for a later drain.
    const drain: DrainState = { now, lastSeq: this.#seq, started: performance.now(), ran: 0, hop: noop };
    const next = (): void => {
      if (drain.ran < this.#maxCallbacksPerDrain && performance.now() - drain.started < this.#drainBudgetMs) this.#runNext(drain);
      else this.#drained();
    };
    drain.hop = () => realNextTick(next);
    this.#runNext(drain);
  }

  #runNext(drain: DrainState): void {
    const head = this.#heap[0];
    if (this.#closed || head === undefined || head.dueAt > drain.now || head.seq >= drain.lastSeq) return this.#drained();
    this.#remove(0);
    drain.ran++;
    try {
      head.callback(head.dueAt);
    } catch (error) {
      this.#report(error, head.dueAt);
    }
    // Goes on once the microtask queue is empty: a microtask queued now runs after those queued before it, and the
    // tick it queues runs once the whole microtask queue has drained (Node runs ticks after it), before any macrotask.
    realQueueMicrotask(drain.hop);
  }

  // The drain is over: sleep until the next due entry; one already due runs in the next drain, on a later macrotask.
  #drained(): void {
    this.#firing = false;
    this.#arm();
  }

  // Nothing is due any more: an overload, if there was one, is over.
  #caughtUp(): void {
    if (!this.#overloaded) return;
    this.#overloaded = false;
    if (!this.#closed) this.#reportLag(NOT_LAGGING);
  }

  #reportLag(lag: SchedulerLag): void {
    if (this.#onLag === undefined) return;
    try {
      this.#onLag(lag);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  // Entries due at `now`: the heap's top part, walked from the root without visiting anything later.
  #countDue(now: number): number {
    const heap = this.#heap;
    let count = 0;
    const stack = heap.length > 0 ? [0] : [];
    for (let index = stack.pop(); index !== undefined; index = stack.pop()) {
      if (heap[index]!.dueAt > now) continue;
      count++;
      const left = 2 * index + 1;
      if (left < heap.length) stack.push(left);
      if (left + 1 < heap.length) stack.push(left + 1);
    }
    return count;
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
    if (heap.length === 0) {
      this.#disarm();
      // During a drain, the drain's end reports it.
      if (!this.#firing) this.#caughtUp();
    }
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
