// One schedule firing every second, for N seconds, on an idle event loop or a busy one: lateness p50/p99/max (ms).
// Usage: node cases/tick-lateness.mjs <baton|node-cron|croner|toad-scheduler> [seconds] [idle|busy] [seed]
//   → one JSON line {latenessP50, latenessP99, latenessMax, samples}, plus in busy mode {dispatchP50, dispatchP99,
//     dispatchMax, dueInBlock, blocks}.
//
// Lateness = fire time (hi-res wall clock, taken first thing in the callback) minus the due instant: baton's `dueAt`,
// node-cron's `context.date`, croner's second boundary (⌊fire / 1000⌋ × 1000), toad-scheduler's grid from its first
// fire (first + k × 1 s for the k-th fire after it, so setInterval's drift counts). Baton, node-cron and croner all
// use `* * * * * *` (due on every second boundary); toad-scheduler has interval jobs only (1 s).
// The window holds exactly N due instants: it opens 0.5 s after the schedule's first (cold) fire, which is outside
// it, and the process waits 0.5 s after it closes.
//
// busy: from the first fire on, the loop is blocked for 5–20 ms once per 50 ms slot (startBusyLoop in _lib.mjs), as a
// service doing synchronous work (JSON, crypto, templating) would. The pattern is anchored on the schedule's own due
// grid and seeded, so the k-th due instant of every implementation lands at the same point of the same pattern (in a
// block, at a seeded depth, for a quarter of the ticks on average: 7 of the first 40 with seed 42; outside one
// otherwise); `dueInBlock` counts them.
// dispatch = fire time minus the instant the loop became free for that tick: the end of the block the due instant
// fell in (if that block ran before the fire), else the due instant. It is what the scheduler adds once the loop is
// free; lateness is what a user sees.
import { emit, latenessStats, nowMs, sleep, startBusyLoop } from './_lib.mjs';

const impl = process.argv[2] ?? 'baton';
const seconds = Number(process.argv[3] ?? 20);
const mode = process.argv[4] ?? 'idle';
const seed = Number(process.argv[5] ?? 42);

const fires = []; // [due, fired] of the fires due inside the window
let grid; // the first fire's due instant (toad-scheduler: the first fire itself)
let busy;
let windowStart = Infinity;
let windowEnd = -Infinity;
let firstFire;
const started = new Promise((resolve) => (firstFire = resolve));
const record = (due, fired = nowMs()) => {
  if (grid === undefined) {
    grid = due;
    if (mode === 'busy') busy = startBusyLoop({ grid, seed });
    firstFire();
  } else if (due >= windowStart && due < windowEnd) fires.push([due, fired]);
};

async function register() {
  switch (impl) {
    case 'baton': {
      const { cron } = await import('@baton/core');
      const { batonScheduler } = await import('./_lib.mjs');
      const { add } = await batonScheduler();
      add(cron('* * * * * *'), (dueAt) => record(dueAt));
      return;
    }
    case 'node-cron': {
      const { schedule } = await import('node-cron');
      schedule(
        '* * * * * *',
        (context) => {
          const fired = nowMs();
          record(context.date.getTime(), fired);
        },
        { suppressMissedWarning: true },
      );
      return;
    }
    case 'croner': {
      const { Cron } = await import('croner');
      new Cron('* * * * * *', () => {
        const fired = nowMs();
        record(Math.floor(fired / 1000) * 1000, fired);
      });
      return;
    }
    case 'toad-scheduler': {
      const { ToadScheduler, SimpleIntervalJob, Task } = await import('toad-scheduler');
      const scheduler = new ToadScheduler();
      let first;
      let k = 0;
      const tick = () => {
        const fired = nowMs();
        first ??= fired;
        record(first + k++ * 1000, fired);
      };
      scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ seconds: 1 }, new Task('tick', tick), { id: 'tick' }));
      return;
    }
    default:
      throw new Error(`Unknown implementation ${impl}`);
  }
}

await register();
await started;
windowStart = grid + 500;
windowEnd = windowStart + seconds * 1000;
await sleep(windowEnd - nowMs());
await sleep(500);
busy?.stop();
const result = { case: `tick-lateness${mode === 'busy' ? '-busy' : ''}`, impl, seconds, mode, ...latenessStats(fires.map(([due, fired]) => fired - due)) };
if (busy) {
  const dispatch = latenessStats(fires.map(([due, fired]) => fired - busy.freeAt(due, fired)));
  Object.assign(result, {
    seed,
    dispatchP50: dispatch.latenessP50,
    dispatchP99: dispatch.latenessP99,
    dispatchMax: dispatch.latenessMax,
    // Due instants of the window that the plan puts inside a block (the same for every implementation).
    dueInBlock: Array.from({ length: seconds }, (_, i) => busy.dueInBlock(i + 1)).filter(Boolean).length,
    blocks: busy.blocks.length,
  });
  // TICK_DETAIL=1 prints every tick to stderr: k, in/out of a block by the plan, lateness, dispatch, and the blocks
  // around it as [planned start, actual start..end], all in ms relative to the due instant.
  if (process.env.TICK_DETAIL) {
    const rel = (t, due) => (t - due).toFixed(1);
    for (const [due, fired] of fires) {
      const k = Math.round((due - grid) / 1000);
      const near = busy.blocks.filter((b) => b.end > due - 60 && b.start < fired + 5);
      const blocks = near.map((b) => `[${rel(b.planned, due)} ${rel(b.start, due)}..${rel(b.end, due)}]`).join(' ');
      const cells = [k, busy.dueInBlock(k) ? 'in' : 'out', (fired - due).toFixed(2), (fired - busy.freeAt(due, fired)).toFixed(2), blocks];
      process.stderr.write(cells.join('\t') + '\n');
    }
  }
}
emit(result);
