// Acceptance (durable core, issue 9): flat cost. A host that has run its workflows for a virtual week holds the same
// heap, and does the same work per tick, as it did in its first day; its RunStore holds the same number of runs.
//
// The acceptance is 100 workflows every second for a virtual week (60 M runs): at ~4-10 k runs/s of virtual work on a
// 2-core machine that is hours, so the suite runs a bounded version and bench/cases/flat-cost.mjs runs the 1 s one for
// as long as a bench run allows. Here, through the real host (createHost, NullLogger: a RecordingLogger keeps every
// line by design): 10 workflows every 5 minutes for a virtual week (2,016 ticks, 20,160 runs), each keeping a history
// of 10 runs, so every workflow's history turns over 200 times. What could grow with time (the scheduler's heap, the
// store's slot keys and histories, the engine's bookkeeping per run, listeners) has 2,000 runs per workflow to show.
//
// Fewer workflows on a finer schedule, rather than 100 on a coarse one, because the in-memory store's heap is a
// sawtooth, not a line: each workflow's queue of finished run ids is compacted once 65 or more (or its history's
// worth, if larger) have been consumed, so the heap climbs for 65 runs of every workflow and drops back (about
// 350 bytes per queued run). A window must span several of those cycles for its median to be the steady state: a day
// here holds 288 runs per workflow, over 4 cycles.
//
// The figures are compared as medians over the first and the last virtual day, so one GC pause, one phase of the
// sawtooth or a preemption by another process does not decide the result:
//   - heap: used heap after a forced full GC, sampled every 32 ticks (9 samples a day); at most 10% more at the end;
//   - work: CPU time (process.cpuUsage) per tick (288 samples a day); at most 50% more at the end. CPU time is the
//     process's own, not wall time, but on a shared 2-core machine caches and frequency still move it by 10-20% from
//     one virtual day to the next, so 10% would be flaky here: the bench case reports the ratio against the 10%
//     target. Work that grew with the runs done would be several times the first day's, far past 50%.
//     process.cpuUsage counts every thread of the process, so this file is an integration spec: it runs in a process
//     of its own (vitest's forks). In the unit project's worker threads it also counted the test file running in the
//     thread beside it, the likely cause of a 2.1x in one CI run (2026-12-02, Node 20: 1.56 to 4.77 ms a tick from
//     day to day, with heap and store flat) where Node 22 and 24 passed on the same code.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { defineWorkflow, every, NullLogger, Workflows } from '@baton/core';
import { createHost } from '@baton/host';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ManualClock.js';

const WORKFLOWS = 10;
const HISTORY = 10;
const TICK_MS = 5 * 60_000;
const TICKS_PER_DAY = 288;
const DAYS = 7;
const HEAP_SAMPLE_EVERY = 32;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

interface Day {
  readonly cpuPerTickMs: number;
  readonly heapBytes: number;
  readonly runsInStore: number;
  readonly runsFinished: number;
}

describe('flat cost', () => {
  describe('when 10 workflows tick every 5 minutes for a virtual week through createHost', () => {
    it("should end the week with the first day's heap, work per tick and number of stored runs", { timeout: 120_000 }, async () => {
      const clock = new ManualClock();
      const host = createHost({ clock, logger: NullLogger });
      // Started before the workflow engine (services start in registration order), so it counts the first runs too.
      let finished = 0;
      let unsubscribe = (): void => {};
      host.addHostedService(
        (services) => ({
          async start() {
            unsubscribe = services.get(Workflows).on('run.finished', () => void finished++);
          },
          async stop() {
            unsubscribe();
          },
        }),
        { name: 'run-counter' },
      );
      for (let i = 0; i < WORKFLOWS; i++) {
        host.addWorkflow(
          defineWorkflow(`flat-${i}`)
            .schedule(every(TICK_MS))
            .options({ history: HISTORY })
            .step('noop', () => undefined),
        );
      }
      await host.start();
      const workflows = host.provider.get(Workflows);

      const days: Day[] = [];
      let finishedBefore = 0;
      try {
        for (let day = 0; day < DAYS; day++) {
          const cpu: number[] = [];
          const heap: number[] = [];
          for (let tick = 1; tick <= TICKS_PER_DAY; tick++) {
            const before = process.cpuUsage();
            await clock.advance(TICK_MS);
            const used = process.cpuUsage(before);
            cpu.push((used.user + used.system) / 1000);
            if (tick % HEAP_SAMPLE_EVERY === 0) heap.push(heapAfterGc());
          }
          const counts = await workflows.counts();
          const runsInStore = counts.reduce((sum, entry) => sum + Object.values(entry.counts).reduce((a, b) => a + (b ?? 0), 0), 0);
          days.push({ cpuPerTickMs: median(cpu), heapBytes: median(heap), runsInStore, runsFinished: finished - finishedBefore });
          finishedBefore = finished;
        }
      } finally {
        await host.stop();
      }

      const first = days[0]!;
      const last = days[DAYS - 1]!;
      // Every workflow ran once per tick, every day: [start, start + 1 day) holds 288 slots.
      expect(days.map((d) => d.runsFinished)).toStrictEqual(Array<number>(DAYS).fill(WORKFLOWS * TICKS_PER_DAY));
      // The store is bounded by the histories: full after the first day, and no fuller at the end of the week.
      expect(days.map((d) => d.runsInStore)).toStrictEqual(Array<number>(DAYS).fill(WORKFLOWS * HISTORY));
      const figures = { heapRatio: last.heapBytes / first.heapBytes, cpuRatio: last.cpuPerTickMs / first.cpuPerTickMs, days };
      expect(figures.heapRatio, JSON.stringify(figures)).toBeLessThanOrEqual(1.1);
      expect(figures.cpuRatio, JSON.stringify(figures)).toBeLessThanOrEqual(1.5);
    });
  });
});
