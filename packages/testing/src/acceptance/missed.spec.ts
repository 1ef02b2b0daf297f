// Acceptance: slots that passed while the process was down (WorkflowOptions.missed), across a simulated restart:
// host A and host B share one InMemoryRunStore (registered by the test as the RunStore) and one ManualClock.
import { InMemoryRunStore, RunStore, defineWorkflow, every } from '@baton/core';
import type { MissedPolicy } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';
import { ManualClock } from '../ManualClock.js';

const start = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const h = (hours: number): number => start + hours * HOUR;

describe(createTestHost, () => {
  describe('when a host restarts with a kept RunStore after being down for five hourly slots', () => {
    // Host A runs the slots at 0h, 1h, 2h and stops at 2h30; it is down until 7h30; host B then runs until 8h30.
    // Missed slots: 3h, 4h, 5h, 6h, 7h. Catch-up with a 3h window reaches back to 4h30: 5h, 6h, 7h.
    it.each<[string, MissedPolicy, number[]]>([
      ['skip', 'skip', [8]],
      ['run-once', 'run-once', [7, 8]],
      ['catch-up within 3h', { catchUp: '3h' }, [5, 6, 7, 8]],
    ])('should, with missed %s, run exactly the expected slots after the restart', async (_, missed, expectedAfterRestart) => {
      const clock = new ManualClock({ start });
      const store = new InMemoryRunStore();
      const executed: number[] = [];
      const workflow = defineWorkflow('hourly')
        .schedule(every('1h'))
        .options({ missed })
        .step('work', ({ run }) => void executed.push((run.scheduledAt - start) / HOUR));
      const configure = (builder: Parameters<Parameters<typeof createTestHost>[0]>[0]): void => {
        builder.services.addSingleton(RunStore, { useValue: store });
        builder.addWorkflow(workflow);
      };

      const a = await createTestHost(configure, { clock });
      await a.advanceTo(h(2.5));
      await a.stop();
      expect(executed).toStrictEqual([0, 1, 2]);

      await clock.advanceTo(h(7.5));
      const b = await createTestHost(configure, { clock });
      await b.advanceTo(h(8.5));
      const runs = await b.runs('hourly');
      await b.stop();

      // Oldest first (catch-up slots run one after another, oldest first).
      expect(executed).toStrictEqual([0, 1, 2, ...expectedAfterRestart]);
      expect(runs.map((run) => [(run.scheduledAt - start) / HOUR, run.status])).toStrictEqual(
        [0, 1, 2, ...expectedAfterRestart].map((slot) => [slot, 'succeeded']),
      );
      // The grid and the idempotency keys survive the restart: every slot is on the hour.
      expect(runs.map((run) => run.idempotencyKey)).toStrictEqual(
        [0, 1, 2, ...expectedAfterRestart].map((slot) => `hourly@${new Date(h(slot)).toISOString()}`),
      );
      // Missed slots start when host B starts (7h30); the 8h slot on time.
      expect(runs.slice(3).map((run) => run.startedAt)).toStrictEqual(expectedAfterRestart.map((slot) => (slot === 8 ? h(8) : h(7.5))));
      expect(await store.lastScheduledAt('hourly')).toBe(h(8));
    });
  });

  describe('when catch-up runs take time', () => {
    it('should run the missed slots one after another, oldest first, then the next slot on time', async () => {
      const clock = new ManualClock({ start });
      const store = new InMemoryRunStore();
      const workflow = defineWorkflow('hourly')
        .schedule(every('1h'))
        .options({ missed: { catchUp: '3h' } })
        .step('work', async ({ signal }) => {
          await clock.sleep(9 * 60_000, signal);
        });
      const configure = (builder: Parameters<Parameters<typeof createTestHost>[0]>[0]): void => {
        builder.services.addSingleton(RunStore, { useValue: store });
        builder.addWorkflow(workflow);
      };

      const a = await createTestHost(configure, { clock });
      await a.advanceTo(h(2.5));
      await a.stop();
      await clock.advanceTo(h(7.5));
      const b = await createTestHost(configure, { clock });
      await b.advanceTo(h(8.5));
      const runs = await b.runs('hourly');
      await b.stop();

      const m = (minutes: number): number => h(7.5) + minutes * 60_000;
      expect(runs.slice(3).map((run) => [(run.scheduledAt - start) / HOUR, run.status, run.startedAt, run.finishedAt])).toStrictEqual([
        [5, 'succeeded', m(0), m(9)],
        [6, 'succeeded', m(9), m(18)],
        [7, 'succeeded', m(18), m(27)],
        [8, 'succeeded', h(8), h(8) + 9 * 60_000],
      ]);
    });
  });

  describe('when the interval grid was anchored off the hour', () => {
    it("should keep host A's grid on host B, not re-anchor at B's start", async () => {
      const clock = new ManualClock({ start: start + 17 * 60_000 });
      const store = new InMemoryRunStore();
      const workflow = defineWorkflow('drifty')
        .schedule(every('1h'))
        .options({ missed: 'run-once' })
        .step('work', () => 'ok');
      const configure = (builder: Parameters<Parameters<typeof createTestHost>[0]>[0]): void => {
        builder.services.addSingleton(RunStore, { useValue: store });
        builder.addWorkflow(workflow);
      };

      const a = await createTestHost(configure, { clock });
      await a.advance('90m');
      await a.stop();
      await clock.advance('2h20m');
      const b = await createTestHost(configure, { clock });
      await b.advance('1h');
      const runs = await b.runs('drifty');
      await b.stop();

      // A: 00:17, 01:17. Down until 04:07: missed 02:17, 03:17 -> run-once runs 03:17; then 04:17 on time.
      const at = (hh: number, mm: number): number => Date.UTC(2026, 0, 1, hh, mm);
      expect(runs.map((run) => [run.scheduledAt, run.startedAt])).toStrictEqual([
        [at(0, 17), at(0, 17)],
        [at(1, 17), at(1, 17)],
        [at(3, 17), at(4, 7)],
        [at(4, 17), at(4, 17)],
      ]);
    });
  });
});
