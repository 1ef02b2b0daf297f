// What health and metrics read from the Workflows surface: each schedule's period, and which fired ticks are catch-ups.
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import { cron } from '../Scheduling/cron.js';
import { every } from '../Scheduling/every.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';
import type { Workflow } from './Workflow.js';
import type { WorkflowEvents } from './Workflows.js';

const T0 = Date.UTC(2025, 0, 1);
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

async function start(workflows: Workflow<unknown, unknown>[], options: { clock?: FakeClock; store?: InMemoryRunStore } = {}): Promise<Harness> {
  const h = await createHarness((builder) => workflows.forEach((workflow) => addWorkflow(builder, workflow)), {
    clock: options.clock ?? new FakeClock(T0),
    ...(options.store === undefined ? {} : { store: options.store }),
  });
  harnesses.push(h);
  return h;
}

describe('Workflows, as health and metrics read them', () => {
  it('should report each schedule period in list(), and none for a manual workflow', async () => {
    const h = await start([
      defineWorkflow('minutely')
        .schedule(every('1m'))
        .step('a', () => 1) as Workflow<unknown, unknown>,
      defineWorkflow('quarterly')
        .schedule(cron('*/15 * * * *'))
        .step('a', () => 1) as Workflow<unknown, unknown>,
      defineWorkflow('by-hand').step('a', () => 1) as Workflow<unknown, unknown>,
    ]);
    await h.clock.advance(0);
    const periods = (await h.workflows.list()).map(({ name, periodMs }) => [name, periodMs]);
    expect(periods).toStrictEqual([
      ['minutely', 60_000],
      ['quarterly', 15 * 60_000],
      ['by-hand', undefined],
    ]);
  });

  it('should mark the ticks that the missed-run policy catches up, and only those', async () => {
    const workflow = defineWorkflow('catching-up')
      .schedule(every('1m'))
      .options({ missed: { catchUp: '3m' } })
      .step('tick', () => 1) as Workflow<unknown, unknown>;
    const clock = new FakeClock(T0);
    const store = new InMemoryRunStore();
    const first = await start([workflow], { clock, store });
    await clock.advance(90_000); // slots 0 and 60 run
    await first.stop();
    harnesses.splice(harnesses.indexOf(first), 1);
    clock.jump(600_000); // down for 10 min: slots 120..660 pass; the 3m window catches up 540, 600, 660
    const h = await createHarness((builder) => addWorkflow(builder, workflow), { clock, store, start: false });
    harnesses.push(h);
    const fired: WorkflowEvents['tick.fired'][] = [];
    h.workflows.on('tick.fired', (event) => fired.push(event));
    await h.builder.start();

    await h.clock.advance(60_000);

    expect(fired.map(({ scheduledAt, catchUp }) => [(scheduledAt - T0) / 1000, catchUp])).toStrictEqual([
      [540, true],
      [600, true],
      [660, true],
      [720, false],
    ]);
  });
});
