import { BatonError, BatonErrorCode, HeapScheduler, cron } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './ManualClock.js';

const start = Date.UTC(2026, 0, 1);

async function codeOf(action: () => Promise<unknown> | unknown): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return BatonError.is(error) ? error.code : `not a BatonError: ${String(error)}`;
  }
  return undefined;
}

describe(ManualClock, () => {
  describe('when created', () => {
    it('should start at 2026-01-01T00:00:00Z by default', () => {
      expect([new ManualClock().now(), ManualClock.defaultStart]).toStrictEqual([start, start]);
    });

    it.each<[string, number | Date | string]>([
      ['epoch ms', Date.UTC(2030, 5, 1)],
      ['a Date', new Date(Date.UTC(2030, 5, 1))],
      ['an ISO string', '2030-06-01T00:00:00Z'],
    ])('should accept a start time as %s', (_, value) => {
      expect(new ManualClock({ start: value }).now()).toBe(Date.UTC(2030, 5, 1));
    });

    it.each<[string, unknown]>([
      ['NaN', Number.NaN],
      ['a malformed string', 'tomorrow'],
      ['an invalid Date', new Date(Number.NaN)],
    ])('should throw BATON_ERR_CLOCK_INVALID_TIME for a start of %s', async (_, value) => {
      expect(await codeOf(() => new ManualClock({ start: value as number }))).toBe(BatonErrorCode.ClockInvalidTime);
    });
  });

  describe('when sleeping', () => {
    it('should resolve true at once for a time not in the future', async () => {
      const clock = new ManualClock();
      expect(await Promise.all([clock.sleepUntil(start), clock.sleepUntil(start - 1), clock.sleep(0)])).toStrictEqual([true, true, true]);
      expect(clock.pendingSleepers).toBe(0);
    });

    it('should resolve false when aborted, before or during the sleep', async () => {
      const clock = new ManualClock();
      const before = new AbortController();
      before.abort();
      const during = new AbortController();
      const sleeping = clock.sleep(1_000, during.signal);
      expect(clock.pendingSleepers).toBe(1);
      during.abort();
      expect([await clock.sleep(1_000, before.signal), await sleeping, clock.pendingSleepers]).toStrictEqual([false, false, 0]);
    });

    it('should not move time on its own', async () => {
      const clock = new ManualClock();
      let woke = false;
      void clock.sleep(1).then(() => (woke = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect([woke, clock.now(), clock.nextWakeAt]).toStrictEqual([false, start, start + 1]);
    });

    it('should keep a sleep until a non-finite time pending until it is aborted', async () => {
      const clock = new ManualClock();
      const abort = new AbortController();
      const sleeping = clock.sleepUntil(Number.POSITIVE_INFINITY, abort.signal);
      await clock.advance('365d');
      expect(clock.pendingSleepers).toBe(1);
      abort.abort();
      expect(await sleeping).toBe(false);
    });
  });

  describe('when advanced', () => {
    it('should wake sleepers one at a time in due order, ties in sleep order, with now() at each due time', async () => {
      const clock = new ManualClock();
      const woken: [string, number][] = [];
      const sleep = (name: string, ms: number): Promise<void> =>
        clock.sleep(ms).then(() => {
          woken.push([name, clock.now()]);
        });
      void sleep('c', 3_000);
      void sleep('a', 1_000);
      void sleep('b1', 2_000);
      void sleep('b2', 2_000);
      void sleep('late', 10_000);
      await clock.advance('5s');
      expect(woken).toStrictEqual([
        ['a', start + 1_000],
        ['b1', start + 2_000],
        ['b2', start + 2_000],
        ['c', start + 3_000],
      ]);
      expect([clock.now(), clock.pendingSleepers]).toStrictEqual([start + 5_000, 1]);
    });

    it('should let woken work settle before waking the next sleeper', async () => {
      const clock = new ManualClock();
      const log: string[] = [];
      void clock.sleep(1_000).then(async () => {
        log.push('first woke');
        await Promise.resolve();
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => process.nextTick(resolve));
        log.push('first done');
      });
      void clock.sleep(1_000).then(() => log.push('second woke'));
      await clock.advance('2s');
      expect(log).toStrictEqual(['first woke', 'first done', 'second woke']);
    });

    it('should wake, within the same advance, a sleep registered by a sleeper while it is woken', async () => {
      const clock = new ManualClock();
      const woken: [string, number][] = [];
      void clock.sleepUntil(start + 1_000).then(async () => {
        woken.push(['tick', clock.now()]);
        await clock.sleep(2_000);
        woken.push(['retry', clock.now()]);
        await clock.sleep(2_000);
        woken.push(['retry again', clock.now()]);
      });
      void clock.sleepUntil(start + 2_000).then(() => woken.push(['other', clock.now()]));
      await clock.advance('4s');
      expect(woken).toStrictEqual([
        ['tick', start + 1_000],
        ['other', start + 2_000],
        ['retry', start + 3_000],
      ]);
      // The second retry is due at +5s, past this advance's target: it waits for the next one.
      expect([clock.now(), clock.nextWakeAt]).toStrictEqual([start + 4_000, start + 5_000]);
      await clock.advance('2s');
      expect(woken.at(-1)).toStrictEqual(['retry again', start + 5_000]);
    });

    it('should run a step with retries and backoff to completion inside one advance', async () => {
      const clock = new ManualClock();
      const attempts: number[] = [];
      const run = (async () => {
        await clock.sleep(60_000);
        for (let attempt = 1; ; attempt++) {
          attempts.push(clock.now() - start);
          // Simulated async work: a few hops through promises and the event loop.
          await new Promise((resolve) => setImmediate(resolve));
          if (attempt === 4) return 'succeeded';
          await clock.sleep(2_000 * 2 ** (attempt - 1));
        }
      })();
      await clock.advance('2m');
      expect(attempts).toStrictEqual([60_000, 62_000, 66_000, 74_000]);
      expect(await run).toBe('succeeded');
    });

    it('should cover [now, now + d): a sleeper due at now + d waits for the next call, and advance(0) wakes it', async () => {
      const clock = new ManualClock();
      const woken: number[] = [];
      for (const ms of [1_000, 2_000]) void clock.sleepUntil(start + ms).then(() => woken.push(clock.now() - start));
      await clock.advance('1s');
      const afterFirst = [...woken];
      await clock.advance(0);
      const afterZero = [...woken];
      await clock.advance('1s');

      expect([afterFirst, afterZero, woken, clock.now() - start, clock.nextWakeAt]).toStrictEqual([[], [1_000], [1_000], 2_000, start + 2_000]);
    });

    it('should fire each instant once over consecutive advances', async () => {
      const clock = new ManualClock();
      const scheduler = new HeapScheduler(clock);
      const fired: number[] = [];
      const tick = (slot: number): void => {
        fired.push(slot - start);
        scheduler.at(slot + 60_000, tick);
      };
      scheduler.at(start, tick);
      for (let minute = 0; minute < 5; minute++) await clock.advance('1m');
      scheduler.close();

      expect(fired).toStrictEqual([0, 60_000, 120_000, 180_000, 240_000]);
    });

    it('should queue concurrent advances behind each other', async () => {
      const clock = new ManualClock();
      const woken: number[] = [];
      for (const ms of [1_000, 2_000, 3_000]) void clock.sleep(ms).then(() => woken.push(clock.now() - start));
      const first = clock.advance('1500ms');
      const second = clock.advanceTo(start + 3_000);
      await Promise.all([first, second]);
      // advanceTo(+3s) covers [+1.5s, +3s): the sleeper due at +3s itself waits for the next call.
      expect([woken, clock.now(), clock.nextWakeAt]).toStrictEqual([[1_000, 2_000], start + 3_000, start + 3_000]);
    });

    it('should reject a negative or malformed duration with BATON_ERR_DURATION_INVALID', async () => {
      const clock = new ManualClock();
      expect(await codeOf(() => clock.advance(-1))).toBe(BatonErrorCode.DurationInvalid);
      expect(await codeOf(() => clock.advance('soon' as never))).toBe(BatonErrorCode.DurationInvalid);
      expect(clock.now()).toBe(start);
    });
  });

  describe('when advanced to a time', () => {
    it('should accept a Date or an ISO string', async () => {
      const clock = new ManualClock();
      await clock.advanceTo('2026-01-02T00:00:00Z');
      await clock.advanceTo(new Date(Date.UTC(2026, 0, 3)));
      expect(clock.now()).toBe(Date.UTC(2026, 0, 3));
    });

    it('should reject moving backwards or a non-time with BATON_ERR_CLOCK_INVALID_TIME', async () => {
      const clock = new ManualClock();
      expect(await codeOf(() => clock.advanceTo(start - 1))).toBe(BatonErrorCode.ClockInvalidTime);
      expect(await codeOf(() => clock.advanceTo('never'))).toBe(BatonErrorCode.ClockInvalidTime);
      // A failed call does not block the queue.
      await clock.advanceTo(start + 1);
      expect(clock.now()).toBe(start + 1);
    });
  });

  describe('when set', () => {
    it('should jump forwards and wake every due sleeper in order', async () => {
      const clock = new ManualClock();
      const woken: string[] = [];
      void clock.sleep(2_000).then(() => woken.push('b'));
      void clock.sleep(1_000).then(() => woken.push('a'));
      void clock.sleep(9_000).then(() => woken.push('c'));
      clock.set(start + 5_000);
      await clock.runUntilIdle();
      expect([woken, clock.pendingSleepers]).toStrictEqual([['a', 'b'], 1]);
    });

    it('should jump backwards without waking anyone', async () => {
      const clock = new ManualClock();
      let woke = false;
      void clock.sleep(1_000).then(() => (woke = true));
      clock.set(start - 60_000);
      await clock.runUntilIdle();
      expect([woke, clock.now(), clock.pendingSleepers]).toStrictEqual([false, start - 60_000, 1]);
    });

    it('should throw BATON_ERR_CLOCK_INVALID_TIME for a non-time', async () => {
      expect(await codeOf(() => new ManualClock().set(Number.NaN))).toBe(BatonErrorCode.ClockInvalidTime);
    });
  });

  describe('when driving a HeapScheduler', () => {
    it('should fire */15 * * * * exactly 96 times over a virtual day, in order', async () => {
      const clock = new ManualClock();
      const scheduler = new HeapScheduler(clock);
      const schedule = cron('*/15 * * * *');
      const anchor = clock.now();
      const fired: number[] = [];
      const tick = (slot: number): void => {
        fired.push(slot);
        scheduler.at(schedule.nextSlot(slot, anchor)!, tick);
      };
      scheduler.at(schedule.nextSlot(anchor - 1, anchor)!, tick);
      await clock.advance('1d');
      // [00:00, 24:00): the 96 slots of the day; midnight of the next day is due at the target, so it waits.
      expect(fired).toStrictEqual(Array.from({ length: 96 }, (_, i) => anchor + i * 900_000));
      expect([clock.pendingSleepers, clock.nextWakeAt]).toStrictEqual([1, anchor + 86_400_000]);
      scheduler.close();
    });

    it('should run async work started by a tick, including its retry sleeps, before the next tick', async () => {
      const clock = new ManualClock();
      const scheduler = new HeapScheduler(clock);
      const log: string[] = [];
      const at = (ms: number): string => `+${(ms - start) / 1_000}s`;
      scheduler.at(start + 10_000, () => {
        void (async () => {
          log.push(`run ${at(clock.now())}`);
          await clock.sleep(2_000);
          log.push(`retry ${at(clock.now())}`);
        })();
      });
      scheduler.at(start + 11_000, () => log.push(`tick ${at(clock.now())}`));
      await clock.advance('1m');
      scheduler.close();
      expect(log).toStrictEqual(['run +10s', 'tick +11s', 'retry +12s']);
    });

    it('should run every due entry, at its instant, when the scheduler drains them over many turns of the event loop', async () => {
      const clock = new ManualClock();
      // Ten drains of at most 1,000 per due instant, each on a turn of its own.
      const scheduler = new HeapScheduler(clock, { maxCallbacksPerDrain: 1_000 });
      const tick = (slot: number): void => void scheduler.at(slot + 1_000, tick);
      for (let i = 0; i < 10_000; i++) scheduler.at(start + 1_000, tick);
      // Registered last, so it runs in each instant's last drain: how late is the clock by then?
      const lastOfEach: number[] = [];
      scheduler.at(start + 1_000, function last(slot) {
        lastOfEach.push(clock.now() - slot);
        scheduler.at(slot + 1_000, last);
      });
      await clock.advance(3_500); // slots at +1 s, +2 s and +3 s
      scheduler.close();
      expect(lastOfEach).toStrictEqual([0, 0, 0]);
    });
  });
});
