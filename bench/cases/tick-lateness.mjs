// One schedule firing every second, for N seconds, on an idle event loop or a busy one: lateness p50/p99/max (ms).
// Usage: node cases/tick-lateness.mjs <baton|node-cron|croner|toad-scheduler> [seconds] [idle|busy]
//   → one JSON line {latenessP50, latenessP99, latenessMax, samples}.
//
// busy: a setInterval every 50 ms spins the event loop for 5–20 ms (the same seeded pattern for everyone), as a
// service doing synchronous work (JSON, crypto, templating) would.
// Lateness = fire time (hi-res wall clock, taken first thing in the callback) minus the due instant: baton's `dueAt`,
// node-cron's `context.date`, croner's second boundary (⌊fire / 1000⌋ × 1000), toad-scheduler's grid from its first
// fire (first + k × 1 s for the k-th fire after it, so setInterval's drift counts). The cron peers use `* * * * * *`; baton `every('1s')`.
// The window holds exactly N due instants: it opens 0.5 s after the schedule's first (cold) fire, which is outside
// it, and the process waits 0.5 s after it closes.
// With one fire a second there are N samples: p99 (nearest rank) is the largest of them, as max is.
import { emit, latenessStats, nextSecondBoundary, nowMs, sleep, startBusyLoop } from './_lib.mjs';

const impl = process.argv[2] ?? 'baton';
const seconds = Number(process.argv[3] ?? 20);
const mode = process.argv[4] ?? 'idle';

const lateness = [];
let windowStart = Infinity;
let windowEnd = -Infinity;
const record = (due) => {
  const late = nowMs() - due;
  if (due >= windowStart && due < windowEnd) lateness.push(late);
};

async function register() {
  switch (impl) {
    case 'baton': {
      const { every } = await import('@baton/core');
      const { batonScheduler } = await import('./_lib.mjs');
      const { add } = await batonScheduler();
      return add(every('1s'), record);
    }
    case 'node-cron': {
      const { schedule } = await import('node-cron');
      schedule('* * * * * *', (context) => record(context.date.getTime()), { suppressMissedWarning: true });
      return nextSecondBoundary();
    }
    case 'croner': {
      const { Cron } = await import('croner');
      new Cron('* * * * * *', () => {
        const now = nowMs();
        record(Math.floor(now / 1000) * 1000);
      });
      return nextSecondBoundary();
    }
    case 'toad-scheduler': {
      const { ToadScheduler, SimpleIntervalJob, Task } = await import('toad-scheduler');
      const scheduler = new ToadScheduler();
      let first = -1;
      let k = 0;
      const tick = () => {
        if (first < 0) first = nowMs();
        else record(first + ++k * 1000);
      };
      scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ seconds: 1 }, new Task('tick', tick), { id: 'tick' }));
      return nowMs() + 1000;
    }
    default:
      throw new Error(`Unknown implementation ${impl}`);
  }
}

if (mode === 'busy') startBusyLoop();
const firstDue = await register();
windowStart = firstDue + 500;
windowEnd = windowStart + seconds * 1000;
await sleep(windowEnd - nowMs());
await sleep(500);
emit({ case: `tick-lateness${mode === 'busy' ? '-busy' : ''}`, impl, seconds, mode, ...latenessStats(lateness) });
