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
    let stalls = 1;
    harness = await createHarness(
      (builder) => {
        // A step that holds the process for 5 s (on the virtual clock) once: every tick due meanwhile runs late.
        addWorkflow(
          builder,
          defineWorkflow('stall')
            .schedule(every('1s'))
            .step('hold', () => void (stalls-- > 0 && clock.jump(5_000))),
        );
        for (let index = 0; index < 3; index++)
          addWorkflow(
            builder,
            defineWorkflow(`tick-${index}`)
              .schedule(every('1s'))
              .step('a', () => index),
          );
      },
      { clock },
    );
    const lags: SchedulerLag[] = [];
    harness.workflows.on('scheduler.lag', (lag) => lags.push(lag));
    const missed: string[] = [];
    harness.workflows.on('tick.missed', ({ workflow, slots }) => missed.push(`${workflow}:${slots}`));
    expect(harness.workflows.lag().overloaded).toBe(false);
    await clock.advance(1_000);
    await clock.advance(3_000);
    expect(lags.map((lag) => lag.overloaded)).toStrictEqual([true, false]);
    expect(lags[0]!.lateByMs).toBeGreaterThan(1_000);
    expect(harness.workflows.lag().overloaded).toBe(false);
    expect(harness.logs.some((entry) => entry.level === 'warn' && entry.message.startsWith('The workflow scheduler is overloaded'))).toBe(true);
    // missed: 'skip' (the default) drops the slots that passed during the stall, and says how many.
    expect(missed).toContain('tick-0:3');
    expect((await harness.workflows.list()).find((info) => info.name === 'tick-0')?.missedSlots).toBe(3);
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
