// The engine reports an overloaded scheduler (issue 10, item 0): an event, Workflows.lag(), a log line; the ticks that
// passed meanwhile follow the missed-run policy.
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import { every } from '../Scheduling/every.js';
import type { SchedulerLag } from '../Scheduling/SchedulerLag.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('Workflows.lag', () => {
  it('should report the scheduler overloaded while ticks run late, then caught up', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const store = new InMemoryRunStore();
    harness = await createHarness(
      (builder) => {
        for (let index = 0; index < 3; index++)
          addWorkflow(
            builder,
            defineWorkflow(`tick-${index}`)
              .schedule(every('1s'))
              .step('a', () => index),
          );
      },
      { clock, store },
    );
    const lags: SchedulerLag[] = [];
    harness.workflows.on('scheduler.lag', (lag) => lags.push(lag));
    const missed: string[] = [];
    harness.workflows.on('tick.missed', ({ workflow, slots }) => missed.push(`${workflow}:${slots}`));
    const first = clock.now(); // the first slot, due at the start
    expect(harness.workflows.lag().overloaded).toBe(false);
    await clock.advance(1_000);
    // The process is held for 5 s (a step or the app blocks the event loop): the slot at +2 s is 4 s late when the
    // scheduler gets the loop back, and the slots at +3, +4 and +5 s passed meanwhile. Jumping the virtual clock holds
    // it exactly, however the drains fall on a loaded machine.
    clock.jump(5_000);
    await clock.advance(0);
    await clock.advance(3_000);
    expect(lags.map((lag) => lag.overloaded)).toStrictEqual([true, false]);
    expect(lags[0]!.lateByMs).toBe(4_000);
    expect(harness.workflows.lag().overloaded).toBe(false);
    expect(harness.logs.some((entry) => entry.level === 'warn' && entry.message.startsWith('The workflow scheduler is overloaded'))).toBe(true);
    // missed: 'skip' (the default) drops the slots that passed during the stall, and says how many; every slot from the
    // first to now either ran or is counted missed.
    expect(missed).toStrictEqual(['tick-0:3', 'tick-1:3', 'tick-2:3']);
    const info = (await harness.workflows.list()).find((candidate) => candidate.name === 'tick-0');
    expect(info?.missedSlots).toBe(3);
    const ran = (await store.listRuns('tick-0')).map((run) => run.scheduledAt! - first).sort((a, b) => a - b);
    expect(ran).toStrictEqual([0, 1_000, 2_000, 6_000, 7_000, 8_000, 9_000]);
  });

  it('should count a slot whose claim the store could not record as missed, and emit tick.missed for it', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const store = new InMemoryRunStore();
    const createRun = store.createRun.bind(store);
    let failures = 1;
    store.createRun = (run, lease) => {
      if (run.trigger === 'schedule' && failures-- > 0) throw new Error('timeout exceeded when trying to connect');
      return createRun(run, lease);
    };
    harness = await createHarness(
      (builder) =>
        addWorkflow(
          builder,
          defineWorkflow('claimed')
            .schedule(every('1s'))
            .step('a', () => 'ran'),
        ),
      { clock, store },
    );
    const missed: { after: number; before: number; slots: number }[] = [];
    harness.workflows.on('tick.missed', ({ after, before, slots }) => missed.push({ after, before, slots }));
    const lost = clock.now(); // the first slot, due at the start
    await clock.advance(1_000);
    await clock.advance(1_000);
    expect(missed).toStrictEqual([{ after: lost - 1, before: lost + 1, slots: 1 }]);
    expect((await harness.workflows.list()).find((info) => info.name === 'claimed')?.missedSlots).toBe(1);
    expect(harness.logs.some((entry) => entry.level === 'error' && entry.message === 'A workflow run could not start')).toBe(true);
    // The next slots are claimed and run.
    const runs = await store.listRuns('claimed');
    expect(runs.map((run) => [run.scheduledAt, run.status]).sort()).toStrictEqual([
      [lost + 1_000, 'succeeded'],
      [lost + 2_000, 'succeeded'],
    ]);
  });
});
