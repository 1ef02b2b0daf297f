// Flat cost over a long virtual span: 100 workflows every second through the host, on a virtual clock; heap after a
// full GC and CPU time per tick in the last window against the first.
// Usage: node --expose-gc cases/flat-cost.mjs baton [virtualMinutes] [windowMinutes] [workflows]
//   → one JSON line {heapRatio, cpuRatio, storeRatio, ...} (last window / first window) and each window's figures.
//
// The acceptance (issue 9) is 100 workflows every second for a virtual week. The host does ~4-10 k such runs a second
// of real time on 2 cores, so a virtual week (60 M runs) takes hours, a virtual day (8.6 M) 15-35 min, and a virtual
// hour (360 k) 40-90 s: the full bench run covers a virtual hour in 5-minute windows; `node --expose-gc
// cases/flat-cost.mjs baton 1440 60` covers the virtual day in hourly windows, by hand. The suite's bounded version
// is packages/testing/src/acceptance/flatCost.int.spec.ts.
//
// The host is what users build: `createHost({ clock, logger: NullLogger })` with a @baton/testing ManualClock (not
// createTestHost: its RecordingLogger keeps every log line by design), 100 workflows `every('1s')` with one no-op
// step each, added with `host.addWorkflow` and started with `host.start()`; the default in-memory RunStore (a history
// of 100 runs per workflow) and Coordinator. Each tick is `clock.advance('1s')`, which runs the 100 due runs to
// completion.
//
// Measured per window: the median CPU time (process.cpuUsage) of its ticks, and the median used heap after a full GC
// (`--expose-gc`), sampled every 20 ticks outside the measured ticks. Medians, because the store's heap is a sawtooth
// (its queue of finished run ids is compacted every ~100 runs per workflow, ~350 bytes per queued run) and a window
// spans ~3 of its cycles; and because one GC pause or preemption should not decide a tick. The first window starts
// after a warm-up of 120 ticks (2 virtual minutes: the histories are full, the code is warm), so it compares the
// steady state, not the fill. Store: the RunStore's run count (countRuns) at the end of each window.
import { performance } from 'node:perf_hooks';
import { emit, fullGc } from './_lib.mjs';

const impl = process.argv[2] ?? 'baton';
const virtualMinutes = Number(process.argv[3] ?? 60);
const windowMinutes = Number(process.argv[4] ?? 5);
const workflowCount = Number(process.argv[5] ?? 100);
if (impl !== 'baton') throw new Error(`Unknown implementation ${impl}`);

const WARMUP_TICKS = 120;
const HEAP_SAMPLE_EVERY = 20;
const ticksPerWindow = windowMinutes * 60;
const windowCount = Math.floor(virtualMinutes / windowMinutes);

const { defineWorkflow, every, NullLogger, Workflows } = await import('@baton/core');
const { createHost } = await import('@baton/host');
const { ManualClock } = await import('@baton/testing');

const clock = new ManualClock();
const host = createHost({ clock, logger: NullLogger });
for (let i = 0; i < workflowCount; i++)
  host.addWorkflow(
    defineWorkflow(`flat-${i}`)
      .schedule(every('1s'))
      .step('noop', () => undefined),
  );
await host.start();
const workflows = host.provider.get(Workflows);
let finished = 0;
workflows.on('run.finished', () => void finished++);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const storedRuns = async () => (await workflows.counts()).reduce((sum, entry) => sum + Object.values(entry.counts).reduce((a, b) => a + b, 0), 0);

for (let tick = 0; tick < WARMUP_TICKS; tick++) await clock.advance('1s');

const windows = [];
const started = performance.now();
const finishedBefore = finished;
for (let w = 0; w < windowCount; w++) {
  const cpu = [];
  const heap = [];
  for (let tick = 1; tick <= ticksPerWindow; tick++) {
    const before = process.cpuUsage();
    await clock.advance('1s');
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    if (tick % HEAP_SAMPLE_EVERY === 0) {
      await fullGc();
      heap.push(process.memoryUsage().heapUsed);
    }
  }
  windows.push({ cpuPerTickMs: median(cpu), heapBytes: median(heap), storedRuns: await storedRuns() });
}
const seconds = (performance.now() - started) / 1000;
const runs = finished - finishedBefore;
await host.stop();

const first = windows[0];
const last = windows.at(-1);
emit({
  case: 'flat-cost',
  impl,
  workflows: workflowCount,
  virtualMinutes,
  windowMinutes,
  runs,
  runsPerSec: runs / seconds,
  expectedRuns: workflowCount * windowCount * ticksPerWindow,
  heapRatio: last.heapBytes / first.heapBytes,
  cpuRatio: last.cpuPerTickMs / first.cpuPerTickMs,
  storeRatio: last.storedRuns / first.storedRuns,
  heapFirstMB: first.heapBytes / 2 ** 20,
  heapLastMB: last.heapBytes / 2 ** 20,
  cpuPerTickFirstMs: first.cpuPerTickMs,
  cpuPerTickLastMs: last.cpuPerTickMs,
  windows,
});
