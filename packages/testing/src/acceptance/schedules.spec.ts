// Acceptance: schedules drive runs on the real @baton/host through createTestHost, on the virtual clock.
import { cron, defineWorkflow } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe(createTestHost, () => {
  describe('when */15 * * * * runs over a virtual day', () => {
    it('should record exactly 96 runs, in order, one per quarter hour, with distinct and stable idempotency keys', async () => {
      const start = Date.UTC(2026, 0, 1);
      const seen: { scheduledAt: number; key: string }[] = [];
      const workflow = defineWorkflow('quarter-hourly')
        .schedule(cron('*/15 * * * *'))
        .step('note', ({ run }) => void seen.push({ scheduledAt: run.scheduledAt, key: run.idempotencyKey }));
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      // advance('1d') covers [00:00, 24:00): the slot at the next midnight stays pending.
      await t.advance('1d');
      const runs = await t.runs('quarter-hourly');
      await t.stop();

      const quarters = Array.from({ length: 96 }, (_, index) => start + index * 15 * MINUTE);
      const keys = quarters.map((slot) => `quarter-hourly@${new Date(slot).toISOString()}`);
      expect(runs.map((run) => run.scheduledAt)).toStrictEqual(quarters);
      expect(runs.map((run) => run.startedAt)).toStrictEqual(quarters);
      expect(runs.map((run) => [run.status, run.trigger])).toStrictEqual(quarters.map(() => ['succeeded', 'schedule']));
      expect(runs.map((run) => run.idempotencyKey)).toStrictEqual(keys);
      expect(new Set(keys).size).toBe(96);
      expect(keys.slice(0, 2)).toStrictEqual(['quarter-hourly@2026-01-01T00:00:00.000Z', 'quarter-hourly@2026-01-01T00:15:00.000Z']);
      // The step saw the same slot and key as the record: derived from the slot alone.
      expect(seen).toStrictEqual(quarters.map((slot, index) => ({ scheduledAt: slot, key: keys[index] })));
    });
  });

  describe('when a daily cron crosses a daylight-saving transition', () => {
    // [zone, expression, local day start (UTC), local day end (UTC), the one slot expected]
    it.each<[string, string, string, number, number, number]>([
      // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist and fires at the transition (01:00 UTC).
      ['Europe/Berlin', '30 2 * * *', 'spring-forward', Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22), Date.UTC(2026, 2, 29, 1, 0)],
      // Berlin 2026-10-25: 02:00-02:59 happens twice; 02:30 fires at its first occurrence (02:30 CEST, 00:30 UTC).
      ['Europe/Berlin', '30 2 * * *', 'fall-back', Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23), Date.UTC(2026, 9, 25, 0, 30)],
      // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 fires at the transition (07:00 UTC).
      ['America/New_York', '30 2 * * *', 'spring-forward', Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 9, 4), Date.UTC(2026, 2, 8, 7, 0)],
      // New York 2026-11-01: 01:00-01:59 happens twice; 02:30 EST exists once (07:30 UTC) ...
      ['America/New_York', '30 2 * * *', 'fall-back', Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 2, 5), Date.UTC(2026, 10, 1, 7, 30)],
      // ... and the repeated 01:30 fires at its first occurrence (01:30 EDT, 05:30 UTC), not again at 01:30 EST.
      ['America/New_York', '30 1 * * *', 'fall-back', Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 2, 5), Date.UTC(2026, 10, 1, 5, 30)],
    ])('should fire once in %s for %s on the %s day', async (timeZone, expression, _day, dayStart, dayEnd, expected) => {
      const workflow = defineWorkflow('nightly')
        .schedule(cron(expression, { timeZone }))
        .step('work', () => 'done');
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start: dayStart });

      await t.advanceTo(dayEnd - 1);
      const runs = await t.runs('nightly');
      await t.stop();

      expect(runs.map((run) => [run.scheduledAt, run.startedAt, run.status])).toStrictEqual([[expected, expected, 'succeeded']]);
    });
  });

  describe('when */15 * * * * runs over a daylight-saving day', () => {
    it.each<[string, string, number, number, number]>([
      ['Europe/Berlin', 'spring-forward', Date.UTC(2026, 2, 28, 23), 23, 92],
      ['Europe/Berlin', 'fall-back', Date.UTC(2026, 9, 24, 22), 25, 96],
      ['America/New_York', 'spring-forward', Date.UTC(2026, 2, 8, 5), 23, 92],
      ['America/New_York', 'fall-back', Date.UTC(2026, 10, 1, 4), 25, 96],
    ])('should run on every local quarter hour in %s on the %s day, none during a repeated hour', async (timeZone, _day, dayStart, realHours, count) => {
      const workflow = defineWorkflow('quarterly')
        .schedule(cron('*/15 * * * *', { timeZone }))
        .step('work', () => 'done');
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start: dayStart });

      await t.advanceTo(dayStart + realHours * HOUR - 1);
      const slots = (await t.runs('quarterly')).map((run) => run.scheduledAt);
      await t.stop();

      expect(slots).toHaveLength(count);
      const gaps = new Set(slots.slice(1).map((slot, index) => slot - slots[index]!));
      // Fall back: one 75-minute gap over the repeated hour; spring forward: every gap is 15 real minutes.
      expect(gaps).toStrictEqual(new Set(count === 96 ? [15 * MINUTE, 75 * MINUTE] : [15 * MINUTE]));
    });
  });

  describe('when an hourly cron runs over a daylight-saving day', () => {
    // [zone, day, local day start (UTC), real hours in the local day, index of the repeated hour's second occurrence]
    it.each<[string, string, number, number, number | undefined]>([
      ['Europe/Berlin', 'spring-forward', Date.UTC(2026, 2, 28, 23), 23, undefined],
      // 00:00 CEST = 22:00 UTC; the repeated 02:00 (CET) is 01:00 UTC, the fourth real hour.
      ['Europe/Berlin', 'fall-back', Date.UTC(2026, 9, 24, 22), 25, 3],
      ['America/New_York', 'spring-forward', Date.UTC(2026, 2, 8, 5), 23, undefined],
      // 00:00 EDT = 04:00 UTC; the repeated 01:00 (EST) is 06:00 UTC, the third real hour.
      ['America/New_York', 'fall-back', Date.UTC(2026, 10, 1, 4), 25, 2],
    ])('should run on every local hour in %s on the %s day', async (timeZone, _day, dayStart, realHours, repeated) => {
      const workflow = defineWorkflow('hourly')
        .schedule(cron('0 * * * *', { timeZone }))
        .step('work', () => 'done');
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start: dayStart });

      await t.advanceTo(dayStart + realHours * HOUR - 1);
      const runs = await t.runs('hourly');
      await t.stop();

      const expected = Array.from({ length: realHours }, (_, index) => dayStart + index * HOUR).filter((_, index) => index !== repeated);
      expect(expected).toHaveLength(realHours === 23 ? 23 : 24);
      expect(runs.map((run) => run.scheduledAt)).toStrictEqual(expected);
      expect(new Set(runs.map((run) => run.status))).toStrictEqual(new Set(['succeeded']));
    });
  });
});
