// Acceptance: what a tick does while a run of the same workflow is still in flight (WorkflowOptions.overlap).
import { Clock, defineWorkflow, every } from '@baton/core';
import type { OverlapPolicy, RunRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);
const s = (seconds: number): number => start + seconds * 1_000;

/** A minutely workflow whose run for the slot at `+Ns` sleeps `durationOf(N)` seconds on the host's clock. */
function minutely(overlap: OverlapPolicy, durationOf: (slotSeconds: number) => number, concurrency: { now: number; max: number }) {
  return defineWorkflow('minutely')
    .schedule(every('1m'))
    .options({ overlap })
    .step('work', async ({ get, run, signal }) => {
      concurrency.max = Math.max(concurrency.max, ++concurrency.now);
      try {
        await get(Clock).sleep(durationOf((run.scheduledAt - start) / 1_000) * 1_000, signal);
      } finally {
        concurrency.now--;
      }
    });
}

const view = (runs: RunRecord[]) =>
  runs.map((run) => ({ slot: (run.scheduledAt - start) / 1_000, status: run.status, startedAt: (run.startedAt - start) / 1_000, skipReason: run.skipReason }));

describe(createTestHost, () => {
  describe("when overlap is 'skip' and a run outlasts the interval", () => {
    it('should record the tick that falls inside the run as skipped, and run the next free one', async () => {
      const concurrency = { now: 0, max: 0 };
      const t = await createTestHost((builder) => builder.addWorkflow(minutely('skip', () => 70, concurrency)), { start });

      await t.advanceTo(s(240) - 1);
      const runs = await t.runs('minutely');
      await t.stop();

      expect(view(runs)).toStrictEqual([
        { slot: 0, status: 'succeeded', startedAt: 0, skipReason: undefined },
        { slot: 60, status: 'skipped', startedAt: 60, skipReason: 'overlap' },
        { slot: 120, status: 'succeeded', startedAt: 120, skipReason: undefined },
        { slot: 180, status: 'skipped', startedAt: 180, skipReason: 'overlap' },
      ]);
      expect(runs.map((run) => run.finishedAt)).toStrictEqual([s(70), s(60), s(190), s(180)]);
      expect(concurrency.max).toBe(1);
    });
  });

  describe("when overlap is 'queue-one' and a run outlasts two intervals", () => {
    it('should queue exactly one tick, start it when the long run ends, and skip the tick after it', async () => {
      const concurrency = { now: 0, max: 0 };
      // Only the first run is long: 150 s.
      const t = await createTestHost((builder) => builder.addWorkflow(minutely('queue-one', (slot) => (slot === 0 ? 150 : 0), concurrency)), { start });

      await t.advanceTo(s(300) - 1);
      const runs = await t.runs('minutely');
      await t.stop();

      expect(view(runs)).toStrictEqual([
        { slot: 0, status: 'succeeded', startedAt: 0, skipReason: undefined },
        { slot: 120, status: 'skipped', startedAt: 120, skipReason: 'overlap' },
        // The queued tick keeps its slot (and idempotency key) and starts the moment the long run ends.
        { slot: 60, status: 'succeeded', startedAt: 150, skipReason: undefined },
        { slot: 180, status: 'succeeded', startedAt: 180, skipReason: undefined },
        { slot: 240, status: 'succeeded', startedAt: 240, skipReason: undefined },
      ]);
      expect(runs[2]!.idempotencyKey).toBe('minutely@2026-01-01T00:01:00.000Z');
      expect(concurrency.max).toBe(1);
    });
  });

  describe('when overlap is { allow: 2 } and every run lasts 150 s', () => {
    it('should run at most two at once and skip a tick beyond that', async () => {
      const concurrency = { now: 0, max: 0 };
      const t = await createTestHost((builder) => builder.addWorkflow(minutely({ allow: 2 }, () => 150, concurrency)), { start });

      await t.advanceTo(s(300) - 1);
      const runs = await t.runs('minutely');
      const list = await t.workflows.list();
      await t.stop();

      // 0 runs 0-150, 60 runs 60-210; at 120 both are in flight; at 180 and 240 one slot is free again.
      expect(view(runs)).toStrictEqual([
        { slot: 0, status: 'succeeded', startedAt: 0, skipReason: undefined },
        { slot: 60, status: 'succeeded', startedAt: 60, skipReason: undefined },
        { slot: 120, status: 'skipped', startedAt: 120, skipReason: 'overlap' },
        { slot: 180, status: 'running', startedAt: 180, skipReason: undefined },
        { slot: 240, status: 'running', startedAt: 240, skipReason: undefined },
      ]);
      expect(runs.slice(0, 2).map((run) => run.finishedAt)).toStrictEqual([s(150), s(210)]);
      expect(list.map(({ name, running }) => ({ name, running }))).toStrictEqual([{ name: 'minutely', running: 2 }]);
      expect(concurrency.max).toBe(2);
      expect(await t.statuses('minutely')).toStrictEqual(['succeeded', 'succeeded', 'skipped', 'cancelled', 'cancelled']);
    });
  });
});
