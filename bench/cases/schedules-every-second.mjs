// 10,000 schedules that all fire every second, for N seconds: CPU % and lateness p50/p99 (ms).
// Usage: node cases/schedules-every-second.mjs <baton|baton-host|node-cron|croner|toad-scheduler> [seconds] [count]
//   → one JSON line {cpuPercent, latenessP50, latenessP99, latenessMax, firedPercent, ...}; with more than 120 seconds
//   (the long mode) also cpuPercentByMinute, and cpuFlatRatio: CPU of the last whole minute / the first.
//
// Expressions: every one has `*` in the seconds field, so each fires every second, and they differ in text only:
// the minute, hour and day-of-month fields are each written as two ranges that together cover the whole field,
// split at a different point: `* 0-a,(a+1)-59 0-b,(b+1)-23 1-c,(c+1)-31 * *` (58 × 22 × 30 = 38,280 variants).
// So no library can share a parsed expression or a timer between two schedules, yet all 10,000 are due on every
// second boundary — the worst case for a scheduler: 10,000 callbacks due at the same instant, every second.
// toad-scheduler has no cron of its own: it runs 10,000 one-second interval jobs (one setInterval each).
// baton is the bare scheduler (one HeapScheduler, as the host uses it); baton-host is the path users take: one
// workflow per expression, `defineWorkflow(name).schedule(cron(expression)).step('noop', ...)`, registered with
// `host.addWorkflow` on a `createHost({ logger: NullLogger })` host (system clock, the default in-memory RunStore
// and Coordinator) and started with `host.start()`: every fire is a recorded run, with its DI scope and its step.
//
// Lateness = fire time (hi-res wall clock, taken first thing in the callback) minus the due instant:
//   - baton: the `dueAt` the scheduler passes to the callback (a slot from Schedule.nextSlot);
//   - baton-host: the run's slot (`run.scheduledAt`), read in the step itself: the lateness of the user's code, after
//     the claim in the RunStore, the run's scope and its records (`run.started`'s `lateByMs` is the same difference
//     taken earlier, in whole ms, before the step);
//   - node-cron: `context.date`, the slot it is firing;
//   - croner: the second boundary the fire belongs to (⌊fire / 1000⌋ × 1000; croner does not expose its target);
//   - toad-scheduler: the job's grid from its first fire, first + k × 1 s for the k-th fire after it. setInterval
//     re-arms from the time it actually fired, so toad-scheduler's drift (about 1 ms per tick) counts as lateness,
//     as it would for a user who asked for "every second". (Its first fire is not a reference point: Node starts a
//     timer from the loop's cached time, which can be older than the call.)
// node-cron skips the slots it reaches more than a second late (`execution:missed`): those never fire, so they are
// not in its lateness figures; `firedPercent` (fires / (count × seconds)) shows how many did. Its warning per missed
// slot is suppressed (`suppressMissedWarning`), so the console does not become the benchmark.
// Only slots due inside the measured window count; registration and the first, cold fire are outside it. CPU is
// process.cpuUsage() over the same window.
import { Worker } from 'node:worker_threads';
import { nextSecondBoundary, nowMs } from './_lib.mjs';

const impl = process.argv[2] ?? 'baton';
const seconds = Number(process.argv[3] ?? 20);
const count = Number(process.argv[4] ?? 10_000);

const expression = (i) => {
  const a = i % 58;
  const b = Math.floor(i / 58) % 22;
  const c = Math.floor(i / (58 * 22)) % 30;
  return `* 0-${a},${a + 1}-59 0-${b},${b + 1}-23 1-${c + 1},${c + 2}-31 * *`;
};

// Shared with the window's worker thread (cases/_window.mjs), which reads them at the window's end.
const lateness = new Float64Array(new SharedArrayBuffer(8 * count * (seconds + 2)));
const counter = new Int32Array(new SharedArrayBuffer(4));
let samples = 0;
let windowStart = Infinity;
let windowEnd = -Infinity;
const record = (due) => {
  const late = nowMs() - due;
  if (due >= windowStart && due < windowEnd && samples < lateness.length) {
    lateness[samples++] = late;
    Atomics.store(counter, 0, samples);
  }
};

async function register() {
  switch (impl) {
    case 'baton': {
      const { cron } = await import('@baton/core');
      const { batonScheduler } = await import('./_lib.mjs');
      const { add } = await batonScheduler();
      let firstDue = 0;
      for (let i = 0; i < count; i++) firstDue = Math.max(firstDue, add(cron(expression(i)), record));
      return firstDue;
    }
    case 'baton-host': {
      const { cron, defineWorkflow, NullLogger } = await import('@baton/core');
      const { createHost } = await import('@baton/host');
      const host = createHost({ logger: NullLogger });
      const step = ({ run }) => record(run.scheduledAt);
      for (let i = 0; i < count; i++)
        host.addWorkflow(
          defineWorkflow(`every-second-${i}`)
            .schedule(cron(expression(i)))
            .step('noop', step),
        );
      await host.start();
      return nextSecondBoundary();
    }
    case 'node-cron': {
      const { schedule } = await import('node-cron');
      for (let i = 0; i < count; i++) schedule(expression(i), (context) => record(context.date.getTime()), { suppressMissedWarning: true });
      return nextSecondBoundary();
    }
    case 'croner': {
      const { Cron } = await import('croner');
      for (let i = 0; i < count; i++) {
        new Cron(expression(i), () => {
          const now = nowMs();
          record(Math.floor(now / 1000) * 1000);
        });
      }
      return nextSecondBoundary();
    }
    case 'toad-scheduler': {
      const { ToadScheduler, SimpleIntervalJob, Task } = await import('toad-scheduler');
      const scheduler = new ToadScheduler();
      for (let i = 0; i < count; i++) {
        let first = -1;
        let k = 0;
        const tick = () => {
          if (first < 0) first = nowMs();
          else record(first + ++k * 1000);
        };
        scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ seconds: 1 }, new Task(`task-${i}`, tick), { id: `job-${i}` }));
      }
      return nowMs() + 1000;
    }
    default:
      throw new Error(`Unknown implementation ${impl}`);
  }
}

// The window holds exactly `seconds` due instants of every schedule: it opens 0.5 s after the last schedule's first
// (cold) fire, which is outside it. It is timed, and the figures printed, by a worker thread (cases/_window.mjs), so
// a peer that saturates this thread's timers cannot stretch it.
const firstDue = await register();
windowStart = firstDue + 500;
windowEnd = windowStart + seconds * 1000;
const window = new Worker(new URL('./_window.mjs', import.meta.url), {
  workerData: { impl, count, seconds, windowStart, windowEnd, lateness, counter },
});
window.once('message', () => process.exit(0));
window.once('error', (error) => {
  console.error(error);
  process.exit(1);
});
