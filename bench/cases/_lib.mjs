// Helpers shared by the benchmark case scripts (not a case itself).
import { performance } from 'node:perf_hooks';
import { writeSync } from 'node:fs';

/** Wall-clock epoch milliseconds with sub-millisecond resolution (Date.now() only has whole milliseconds). */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Nearest-rank percentile of an ascending array (`p` in 0..1). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** p50 / p99 / max of a list of lateness samples (ms). */
export function latenessStats(samples) {
  const sorted = Float64Array.from(samples).sort();
  return {
    samples: sorted.length,
    latenessP50: percentile(sorted, 0.5),
    latenessP99: percentile(sorted, 0.99),
    latenessMax: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** Prints the one JSON line the runner reads, then exits (every scheduler under test keeps timers alive). */
export function emit(result) {
  // Written synchronously, then the process ends at once: a peer whose timers still saturate the loop (node-cron with
  // 10,000 tasks) would otherwise hold the exit for minutes after its figures are in.
  writeSync(1, JSON.stringify(result) + '\n');
  process.exit(0);
}

/** A full, settled garbage collection (needs `node --expose-gc`). */
export async function fullGc() {
  if (typeof globalThis.gc !== 'function') throw new Error('Run with node --expose-gc');
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A small deterministic PRNG (mulberry32), so the busy pattern is the same for every implementation. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A busy event loop whose load is the same function of time, relative to a schedule's due grid, in every process:
 * the loop is blocked once per 50 ms slot for 5–20 ms (seeded), and the k-th due instant `grid + k × period` falls at
 * the same point of the same seeded block pattern for every implementation.
 *
 * Call it at the schedule's first (cold) fire, with that fire's due instant as `grid`. For every later due instant
 * D_k the "anchor" block of that tick starts at D_k − p_k, with p_k drawn uniformly from [0, 50) ms, so the due
 * instant falls inside it when p_k < its duration (about a quarter of the ticks, the 5–20 ms in 50 ms duty cycle)
 * and after it otherwise, at every depth; between two anchors the blocks start every 50 ms (the gap before the next
 * anchor is 50–100 ms). Phases and durations come from one mulberry32 sequence drawn in a fixed order, so they do
 * not depend on timing. Each block is a setTimeout at its planned start that spins until its planned end (absolute,
 * hi-res clock): a timer that fires late shortens the block instead of shifting the pattern.
 *
 * Returns `stop()`, `blocks` (planned start and end, actual start and end of every block that ran, epoch ms),
 * `dueInBlock(k)` (whether the plan puts due instant k inside its anchor block) and `freeAt(due, fired)`: when the
 * loop became free for a tick due at `due` that fired at `fired` — the end of the block the due instant fell in, if
 * that block ran before the fire, otherwise `due` itself.
 */
export function startBusyLoop({ grid, period = 1000, seed = 42, slot = 50, minBlock = 5, maxBlock = 20 }) {
  const random = prng(seed);
  const phases = []; // phases[k]: due instant k minus the start of its anchor block
  const phase = (k) => {
    while (phases.length <= k) phases.push(slot * random());
    return phases[k];
  };
  const durations = new Map(); // tick k -> planned duration of its anchor block
  function* plan() {
    let anchor = grid + period - phase(1);
    // Fillers before the first anchor, from at least one slot after the cold fire.
    for (let j = Math.floor((anchor - grid) / slot) - 2; j >= 1; j--) yield { start: anchor - j * slot };
    for (let k = 1; ; k++) {
      const next = grid + (k + 1) * period - phase(k + 1);
      yield { start: anchor, tick: k };
      for (let start = anchor + slot; start <= next - slot; start += slot) yield { start };
      anchor = next;
    }
  }
  const planned = plan();
  const blocks = [];
  let timer;
  let stopped = false;
  const armNext = () => {
    const { start, tick } = planned.next().value;
    const end = start + minBlock + (maxBlock - minBlock) * random();
    if (tick !== undefined) durations.set(tick, end - start);
    timer = setTimeout(
      () => {
        const actual = nowMs();
        while (nowMs() < end) {
          // spin
        }
        if (actual < end) blocks.push({ planned: start, plannedEnd: end, start: actual, end: nowMs() });
        if (!stopped) armNext();
      },
      Math.max(0, start - nowMs()),
    );
  };
  armNext();
  return {
    blocks,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    /** Whether the plan puts due instant k (k ≥ 1) inside its anchor block (known once that block is armed). */
    dueInBlock: (k) => durations.has(k) && phase(k) < durations.get(k),
    freeAt(due, fired) {
      for (let i = blocks.length - 1; i >= 0; i--) {
        const block = blocks[i];
        if (block.end <= due) break;
        if (Math.min(block.planned, block.start) <= due && block.start < fired) return block.end;
      }
      return due;
    },
  };
}

/** The first second boundary at or after now: when a `* * * * * *` schedule registered now first fires. */
export const nextSecondBoundary = () => Math.ceil(nowMs() / 1000) * 1000;

/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Baton side of the schedule cases: one HeapScheduler, and each schedule re-armed with its next slot. */
export async function batonScheduler() {
  const { HeapScheduler, systemClock } = await import('@baton/core');
  const scheduler = new HeapScheduler(systemClock);
  /** Registers `schedule`; `onFire(dueAt)` runs on every slot. Returns the first slot. */
  const add = (schedule, onFire) => {
    const anchor = systemClock.now();
    const fire = (dueAt) => {
      onFire(dueAt);
      const next = schedule.nextSlot(Math.max(dueAt, systemClock.now()), anchor);
      if (next !== undefined) scheduler.at(next, fire);
    };
    const first = schedule.nextSlot(anchor, anchor);
    if (first !== undefined) scheduler.at(first, fire);
    return first;
  };
  return { scheduler, add };
}
