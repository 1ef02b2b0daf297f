// Helpers shared by the benchmark case scripts (not a case itself).
import { performance } from 'node:perf_hooks';

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
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
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

/** Blocks the event loop for 5–20 ms every 50 ms (a setInterval that spins). Returns a stop function. */
export function startBusyLoop(seed = 42) {
  const random = prng(seed);
  const timer = setInterval(() => {
    const until = performance.now() + 5 + random() * 15;
    while (performance.now() < until) {
      // spin
    }
  }, 50);
  return () => clearInterval(timer);
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
