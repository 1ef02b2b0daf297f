import { BackgroundService, Clock, cron, defineWorkflow, token } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from './createTestHost.js';

interface Counter {
  hit(slot: number): void;
}
const Counter = token<Counter>('testing/Counter');

describe(createTestHost, () => {
  describe('when a cron workflow runs over a virtual day', () => {
    it('should fire */15 exactly 96 times, in order, and record each run', async () => {
      const slots: number[] = [];
      const workflow = defineWorkflow('quarter-hourly')
        .schedule(cron('*/15 * * * *'))
        .uses(Counter)
        .step('count', ({ get, run }) => get(Counter).hit(run.scheduledAt));
      const t = await createTestHost((builder) => {
        builder.services.addSingleton(Counter, { useValue: { hit: () => {} } });
        builder.addWorkflow(workflow);
        builder.replace(Counter, () => ({ hit: (slot) => void slots.push(slot) }));
      });

      // [00:00, 24:00): the slot at the start of the day is due at once; the one at the next midnight waits.
      await t.advance('1d');
      await t.stop();

      expect(slots).toHaveLength(96);
      expect(slots).toStrictEqual([...slots].sort((a, b) => a - b));
      expect(new Set(await t.statuses('quarter-hourly'))).toStrictEqual(new Set(['succeeded']));
    });
  });

  describe('when a background service sleeps on the clock', () => {
    it('should wake it on advance and stop it within the virtual shutdown budget', async () => {
      const beats: number[] = [];
      class Heartbeat extends BackgroundService {
        static inject = [Clock] as const;
        constructor(private readonly clock: Clock) {
          super();
        }
        protected async execute(signal: AbortSignal): Promise<void> {
          while (await this.clock.sleep(60_000, signal)) beats.push(this.clock.now());
        }
      }
      const t = await createTestHost((builder) => builder.addHostedService(Heartbeat));

      // [0, 5m): beats at 1m to 4m; the one at 5m is due at the end.
      await t.advance('5m');
      const result = await t.stop();

      expect(beats).toHaveLength(4);
      expect(result.ok).toBe(true);
      expect(t.logs.messages('error')).toStrictEqual([]);
    });
  });
});
