// Acceptance, through createTestHost: replicas of an every(...) workflow share one grid (ScheduleStore.claimAnchor).
// Two hosts on one ManualClock share their stores, as two replicas share one database.
import {
  ControlChannel,
  Coordinator,
  defineWorkflow,
  every,
  InMemoryControlChannel,
  InMemoryCoordinator,
  InMemoryRunStore,
  InMemoryScheduleStore,
  RunStore,
  ScheduleStore,
  type Workflow,
} from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';
import { ManualClock } from '../ManualClock.js';
import type { TestHost } from '../TestHost.js';

const start = Date.UTC(2026, 0, 5);
const SECOND = 1_000;
const MINUTE = 60_000;

interface Shared {
  readonly clock: ManualClock;
  readonly runs: InMemoryRunStore;
  readonly schedules: ScheduleStore;
  readonly channel: InMemoryControlChannel;
  readonly coordinator: InMemoryCoordinator;
}

function shared(schedules?: (clock: ManualClock) => ScheduleStore): Shared {
  const clock = new ManualClock({ start });
  return {
    clock,
    runs: new InMemoryRunStore({ clock, maxRunsPerWorkflow: 10_000 }),
    schedules: schedules?.(clock) ?? new InMemoryScheduleStore(clock),
    channel: new InMemoryControlChannel(),
    coordinator: new InMemoryCoordinator(clock),
  };
}

function replica(s: Shared, workflow: Workflow<undefined, undefined>): Promise<TestHost> {
  return createTestHost(
    (builder) => {
      builder.services.addSingleton(RunStore, { useValue: s.runs });
      builder.services.addSingleton(ScheduleStore, { useValue: s.schedules });
      builder.services.addSingleton(ControlChannel, { useValue: s.channel });
      builder.services.addSingleton(Coordinator, { useValue: s.coordinator });
      builder.addWorkflow(workflow);
    },
    { clock: s.clock },
  );
}

/** A ScheduleStore whose claimAnchor fails, as a database that went away would. */
class FailingAnchorStore extends InMemoryScheduleStore {
  override async claimAnchor(): Promise<number> {
    throw new Error('connection refused');
  }
}

const effects: { slot: number }[] = [];
// One minute apart, first one minute after start: no slot is claimed before the second replica starts.
const ticker = defineWorkflow('ticker')
  .schedule(every('1m', { initialDelay: '1m' }))
  .step('effect', ({ run }) => void effects.push({ slot: (run.scheduledAt - start) / SECOND }));

describe('every() on several replicas', () => {
  it('should run each slot once on the grid of the first replica, when the second starts before any slot ran', async () => {
    effects.length = 0;
    const s = shared();
    const a = await replica(s, ticker);
    await s.clock.advance('7s');
    const b = await replica(s, ticker);
    await s.clock.advance('3m');
    await a.stop();
    await b.stop();

    // The grid is the first replica's (start + 1m + k minutes), not the second's 7 s later; each slot ran once.
    expect(effects.map((effect) => effect.slot)).toStrictEqual([60, 120, 180]);
    expect((await s.runs.listRuns('ticker', { limit: 10 })).map((run) => (run.scheduledAt - start) / SECOND).sort((x, y) => x - y)).toStrictEqual([
      60, 120, 180,
    ]);
    expect(await s.schedules.claimAnchor!('ticker', start + MINUTE)).toBe(start);
  });

  it('should keep the first anchor across a restart of every replica before the first slot', async () => {
    effects.length = 0;
    const s = shared();
    const first = await replica(s, ticker);
    await s.clock.advance('30s');
    await first.stop();
    const again = await replica(s, ticker);
    await s.clock.advance('2m');
    await again.stop();

    // Not start + 30s + 1m: the grid stays where the workflow was first scheduled.
    expect(effects.map((effect) => effect.slot)).toStrictEqual([60, 120]);
  });

  it('should anchor at its own start, with a warning, when the ScheduleStore cannot claim the anchor', async () => {
    effects.length = 0;
    const s = shared((clock) => new FailingAnchorStore(clock));
    await s.clock.advance('10s');
    const t = await replica(s, ticker);
    await t.advance('3m');
    await t.stop();

    expect(effects.map((effect) => effect.slot)).toStrictEqual([70, 130]);
    expect(
      t.logs.entries.filter((entry) => entry.level === 'warn').map((entry) => [entry.message, entry.fields.workflow, (entry.fields.error as Error).message]),
    ).toStrictEqual([
      ["Could not claim the schedule's anchor in the ScheduleStore: this replica anchors its grid at its own start", 'ticker', 'connection refused'],
    ]);
  });
});
