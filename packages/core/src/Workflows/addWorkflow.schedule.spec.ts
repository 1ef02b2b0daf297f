import { afterEach, describe, expect, it } from 'vitest';
import { Coordinator } from '../Runs/Coordinator.js';
import { InMemoryCoordinator } from '../Runs/InMemoryCoordinator.js';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import { RunStore } from '../Runs/RunStore.js';
import { every } from '../Scheduling/every.js';
import { Clock } from '../Time/Clock.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import type { Workflow } from './Workflow.js';
import type { OverlapPolicy, MissedPolicy } from './WorkflowOptions.js';

const T0 = Date.UTC(2025, 0, 1);
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

async function start(
  workflow: Workflow<unknown, unknown>,
  options: { clock?: FakeClock; store?: InMemoryRunStore; coordinator?: InMemoryCoordinator } = {},
): Promise<Harness> {
  const h = await createHarness(
    (builder) => {
      if (options.coordinator !== undefined) builder.services.addSingleton(Coordinator, { useValue: options.coordinator });
      addWorkflow(builder, workflow);
    },
    { clock: options.clock ?? new FakeClock(T0), ...(options.store === undefined ? {} : { store: options.store }) },
  );
  harnesses.push(h);
  return h;
}

/** [seconds after T0, status], by slot. */
async function timeline(store: RunStore, name: string): Promise<[number, string][]> {
  const runs = await store.listRuns(name);
  return runs.map((run): [number, string] => [(run.scheduledAt - T0) / 1000, run.status]).sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
}

function slowWorkflow(name: string, overlap: OverlapPolicy, runMs = 150_000): Workflow<unknown, unknown> {
  return (
    defineWorkflow(name)
      .schedule(every('1m'))
      .options({ overlap })
      // Work that takes runMs of (virtual) time.
      .step('work', async ({ get, signal }) => void (await get(Clock).sleep(runMs, signal))) as Workflow<unknown, unknown>
  );
}

describe('addWorkflow scheduling', () => {
  describe('when ticks overlap a run in flight', () => {
    it('should record the overlapping ticks as skipped with overlap: skip', async () => {
      const skipped: number[] = [];
      const h = await start(slowWorkflow('skip', 'skip'), { clock: new FakeClock(T0) });
      h.workflows.on('tick.skipped', ({ scheduledAt, reason }) => skipped.push((scheduledAt - T0) / 1000) && expect(reason).toBe('overlap'));
      await h.clock.advance(290_000);
      expect(await timeline(h.store, 'skip')).toStrictEqual([
        [0, 'succeeded'],
        [60, 'skipped'],
        [120, 'skipped'],
        [180, 'running'],
        [240, 'skipped'],
      ]);
      expect(skipped).toStrictEqual([60, 120, 240]);
      expect((await h.store.listRuns('skip')).find((run) => run.status === 'skipped')?.skipReason).toBe('overlap');
    });

    it('should queue one tick behind the run in flight with overlap: queue-one', async () => {
      const h = await start(slowWorkflow('queue', 'queue-one'), { clock: new FakeClock(T0) });
      await h.clock.advance(290_000);
      const runs = await h.store.listRuns('queue');
      expect(await timeline(h.store, 'queue')).toStrictEqual([
        [0, 'succeeded'],
        [60, 'running'],
        [120, 'skipped'],
        [240, 'skipped'],
      ]);
      // The queued slot-60 run started when the slot-0 run ended.
      expect((runs.find((run) => run.scheduledAt === T0 + 60_000)!.startedAt - T0) / 1000).toBe(150);
      await h.clock.advance(20_000);
      // At 300 s the slot-60 run ends and the queued slot-180 run starts.
      expect((await timeline(h.store, 'queue')).filter(([slot]) => slot === 180)).toStrictEqual([[180, 'running']]);
    });

    it('should run up to n at once with overlap: { allow: n }', async () => {
      const h = await start(slowWorkflow('allow', { allow: 2 }), { clock: new FakeClock(T0) });
      await h.clock.advance(290_000);
      expect(await timeline(h.store, 'allow')).toStrictEqual([
        [0, 'succeeded'],
        [60, 'succeeded'],
        [120, 'skipped'],
        [180, 'running'],
        [240, 'running'],
      ]);
    });
  });

  describe('when the process restarts with a kept RunStore', () => {
    async function restartAfterDowntime(missed: MissedPolicy): Promise<{ h: Harness; name: string }> {
      const name = `missed-${JSON.stringify(missed)}`;
      const workflow = defineWorkflow(name)
        .schedule(every('1m'))
        .options({ missed })
        .step('tick', ({ run }) => run.idempotencyKey);
      const clock = new FakeClock(T0);
      const store = new InMemoryRunStore();
      const first = await start(workflow, { clock, store });
      await clock.advance(150_000); // slots 0, 60, 120 run
      await first.stop();
      harnesses.splice(harnesses.indexOf(first), 1);
      clock.jump(600_000); // down for 10 min: now = 750 s; slots 180..720 missed
      const h = await start(workflow, { clock, store });
      return { h, name };
    }

    it('should drop the missed slots and wait for the next one with missed: skip', async () => {
      const { h, name } = await restartAfterDowntime('skip');
      await h.clock.advance(0);
      expect((await timeline(h.store, name)).map(([slot]) => slot)).toStrictEqual([0, 60, 120]);
      await h.clock.advance(30_000);
      expect((await timeline(h.store, name)).map(([slot]) => slot)).toStrictEqual([0, 60, 120, 780]);
    });

    it('should run the latest missed slot once with missed: run-once', async () => {
      const { h, name } = await restartAfterDowntime('run-once');
      await h.clock.advance(0);
      expect(await timeline(h.store, name)).toStrictEqual([
        [0, 'succeeded'],
        [60, 'succeeded'],
        [120, 'succeeded'],
        [720, 'succeeded'],
      ]);
      const run = (await h.store.listRuns(name, { limit: 1 }))[0]!;
      expect(run.idempotencyKey).toBe(`${name}@${new Date(T0 + 720_000).toISOString()}`);
      await h.clock.advance(30_000);
      expect((await timeline(h.store, name)).map(([slot]) => slot)).toStrictEqual([0, 60, 120, 720, 780]);
    });

    it('should run every missed slot within the window, oldest first, with missed: { catchUp }', async () => {
      const { h, name } = await restartAfterDowntime({ catchUp: '3m' });
      await h.clock.advance(0);
      const runs = (await h.store.listRuns(name)).sort((a, b) => a.startedAt - b.startedAt || a.scheduledAt - b.scheduledAt);
      expect(runs.map((run) => (run.scheduledAt - T0) / 1000)).toStrictEqual([0, 60, 120, 600, 660, 720]);
      expect(runs.every((run) => run.status === 'succeeded')).toBe(true);
      await h.clock.advance(30_000);
      expect((await timeline(h.store, name)).map(([slot]) => slot)).toStrictEqual([0, 60, 120, 600, 660, 720, 780]);
    });

    it('should keep the interval grid of the previous process', async () => {
      const workflow = defineWorkflow('grid')
        .schedule(every('1m'))
        .step('tick', () => 1);
      const clock = new FakeClock(T0);
      const store = new InMemoryRunStore();
      const first = await start(workflow, { clock, store });
      await clock.advance(0); // slot 0 runs (a due tick runs on a later turn of the event loop, never inside start)
      await first.stop();
      harnesses.splice(harnesses.indexOf(first), 1);
      clock.jump(95_000);
      const h = await start(workflow, { clock, store });
      expect((await h.workflows.list())[0]?.nextDueAt).toBe(T0 + 120_000);
    });
  });

  describe('when the event loop stalls past several slots', () => {
    it.each([
      ['skip', [0, 60, 240]],
      ['run-once', [0, 60, 180, 240]],
    ] as const)('should apply missed: %s to the slots that passed', async (missed, slots) => {
      const name = `stall-${missed}`;
      const h = await start(
        defineWorkflow(name)
          .schedule(every('1m'))
          .options({ missed })
          .step('tick', () => 1),
        { clock: new FakeClock(T0) },
      );
      await h.clock.advance(0);
      h.clock.jump(190_000); // the slot-60 timer fires 130 s late
      await h.clock.advance(0);
      await h.clock.advance(50_000);
      expect((await timeline(h.store, name)).map(([slot]) => slot)).toStrictEqual(slots);
    });
  });

  describe('when a scheduled run lasts longer than its workflow lease', () => {
    it('should keep the workflow lease renewed until the run ends, then release it', async () => {
      const clock = new FakeClock(T0);
      const coordinator = new InMemoryCoordinator(clock);
      const h = await start(slowWorkflow('held', 'skip', 45_000), { clock, coordinator });
      // The default lease lasts 10 s: without renewals another replica could take it from 10 s on.
      await clock.advance(30_000);
      const whileRunning = await coordinator.acquireLease('workflow:held', 'other-replica', 10_000);
      await clock.advance(20_000);
      const afterTheRun = await coordinator.acquireLease('workflow:held', 'other-replica', 10_000);

      expect(whileRunning).toBeUndefined();
      expect(afterTheRun?.holder).toBe('other-replica');
      expect((await timeline(h.store, 'held'))[0]).toStrictEqual([0, 'succeeded']);
    });
  });

  describe('when two engines share a RunStore', () => {
    it('should run each tick exactly once and report the other as claimed', async () => {
      const clock = new FakeClock(T0);
      const store = new InMemoryRunStore({ clock });
      const coordinator = new InMemoryCoordinator(clock);
      const workflow = defineWorkflow('replicated')
        .schedule(every('1m'))
        .step('tick', () => 1);
      const a = await start(workflow, { clock, store, coordinator });
      const b = await start(workflow, { clock, store, coordinator });
      const claimed: number[] = [];
      a.workflows.on('tick.skipped', ({ reason }) => reason === 'claimed' && claimed.push(1));
      b.workflows.on('tick.skipped', ({ reason }) => reason === 'claimed' && claimed.push(1));
      await clock.advance(180_000);
      expect(await timeline(store, 'replicated')).toStrictEqual([
        [0, 'succeeded'],
        [60, 'succeeded'],
        [120, 'succeeded'],
        [180, 'succeeded'],
      ]);
      // Both engines ticked slots 0-180; the store let one create each slot's run, and the other saw it taken.
      expect(claimed.length).toBe(4);
    });
  });
});
