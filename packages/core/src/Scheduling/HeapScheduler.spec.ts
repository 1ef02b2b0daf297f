import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { cron } from './cron.js';
import { every } from './every.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { HeapScheduler } from './HeapScheduler.js';
import type { HeapSchedulerOptions } from './HeapScheduler.js';
import type { SchedulerLag } from './SchedulerLag.js';

const start = Date.UTC(2026, 0, 1);

// Deterministic pseudo-random numbers (mulberry32).
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe(HeapScheduler, () => {
  let clock: FakeClock;
  let scheduler: HeapScheduler;

  beforeEach(() => {
    clock = new FakeClock(start);
    scheduler = new HeapScheduler(clock);
  });

  afterEach(() => {
    scheduler.close();
  });

  describe('when thousands of entries are registered in random order', () => {
    it('should fire them in due-time order, ties in insertion order, each at or after its due time', async () => {
      const next = random(1);
      const expected: { id: number; dueAt: number }[] = [];
      const fired: { id: number; dueAt: number; now: number }[] = [];
      for (let id = 0; id < 5_000; id++) {
        // Few distinct due times, so ties are common.
        const dueAt = start + Math.floor(next() * 500) * 1_000;
        expected.push({ id, dueAt });
        scheduler.at(dueAt, (due) => fired.push({ id, dueAt: due, now: clock.now() }));
      }
      expect(scheduler.size).toBe(5_000);
      await clock.advanceTo(start + 1_000_000);
      expected.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
      expect(fired.map(({ id, dueAt }) => ({ id, dueAt }))).toStrictEqual(expected);
      expect(fired.every(({ dueAt, now }) => now >= dueAt)).toBe(true);
      expect(scheduler.size).toBe(0);
    });

    it('should keep a single sleeper on the clock for all of them', async () => {
      for (let i = 0; i < 10_000; i++) scheduler.at(start + 1_000 + i, () => {});
      expect(clock.pendingSleepers).toBe(1);
      // Added in ascending order: only the first became the earliest.
      expect(clock.sleepCalls).toBe(1);
      scheduler.at(start + 500, () => {});
      expect([clock.pendingSleepers, clock.sleepCalls]).toStrictEqual([1, 2]);
      scheduler.at(start + 600, () => {});
      expect(clock.sleepCalls).toBe(2);
    });
  });

  describe('when entries are cancelled', () => {
    it('should fire exactly the ones left, in order', async () => {
      const next = random(2);
      const fired: number[] = [];
      const handles = Array.from({ length: 4_000 }, (_, id) => {
        const dueAt = start + Math.floor(next() * 10_000);
        return { id, dueAt, handle: scheduler.at(dueAt, () => fired.push(id)) };
      });
      const cancelled = handles.filter(() => next() < 0.5);
      for (const { handle } of cancelled) handle.cancel();
      // Cancelling again, or after firing, is a no-op.
      for (const { handle } of cancelled.slice(0, 10)) handle.cancel();
      expect(scheduler.size).toBe(4_000 - cancelled.length);

      await clock.advanceTo(start + 10_000);
      const cancelledIds = new Set(cancelled.map(({ id }) => id));
      const expected = handles
        .filter(({ id }) => !cancelledIds.has(id))
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
        .map(({ id }) => id);
      expect(fired).toStrictEqual(expected);
      handles[0]!.handle.cancel();
      expect(scheduler.size).toBe(0);
    });

    it('should sleep again after the earliest is cancelled, and fire the next one on time', async () => {
      const fired: number[] = [];
      const first = scheduler.at(start + 1_000, () => fired.push(clock.now()));
      scheduler.at(start + 5_000, () => fired.push(clock.now()));
      first.cancel();
      await clock.advanceTo(start + 4_999);
      expect(fired).toStrictEqual([]);
      await clock.advanceTo(start + 6_000);
      expect(fired).toStrictEqual([start + 5_000]);
    });

    it('should release the clock when the last entry is cancelled', () => {
      const handle = scheduler.at(start + 1_000, () => {});
      expect(clock.pendingSleepers).toBe(1);
      handle.cancel();
      expect([scheduler.size, clock.pendingSleepers]).toStrictEqual([0, 0]);
    });
  });

  describe('when an entry is already due', () => {
    it('should fire it asynchronously, never inside at()', async () => {
      const fired: number[] = [];
      scheduler.at(start - 5_000, (dueAt) => fired.push(dueAt));
      expect(fired).toStrictEqual([]);
      await clock.advance(0);
      expect(fired).toStrictEqual([start - 5_000]);
    });
  });

  describe('when a callback registers more entries', () => {
    it('should fire a later entry at its time and a due entry on the next wake-up', async () => {
      const log: string[] = [];
      scheduler.at(start + 1_000, () => {
        log.push('a');
        scheduler.at(clock.now(), () => log.push('due-now'));
        scheduler.at(start + 3_000, () => log.push('later'));
      });
      scheduler.at(start + 1_000, () => log.push('b'));
      await clock.advanceTo(start + 1_000);
      expect(log).toStrictEqual(['a', 'b', 'due-now']);
      await clock.advanceTo(start + 3_000);
      expect(log).toStrictEqual(['a', 'b', 'due-now', 'later']);
    });
  });

  describe('when driving a schedule', () => {
    it('should fire */15 * * * * exactly 96 times over a virtual day, in order', async () => {
      const schedule = cron('*/15 * * * *');
      const anchor = clock.now();
      const fired: number[] = [];
      const tick = (slot: number): void => {
        fired.push(slot);
        const next = schedule.nextSlot(slot, anchor);
        if (next !== undefined) scheduler.at(next, tick);
      };
      scheduler.at(schedule.nextSlot(anchor - 1, anchor)!, tick);
      await clock.advanceTo(anchor + 86_400_000 - 1);
      expect(fired.length).toBe(96);
      expect(fired).toStrictEqual(Array.from({ length: 96 }, (_, i) => anchor + i * 15 * 60_000));
      expect(scheduler.size).toBe(1);
    });

    it('should fire every(1s) for 10,000 schedules with one sleeper between ticks', async () => {
      const schedule = every('1s');
      const anchor = clock.now();
      let fired = 0;
      for (let i = 0; i < 10_000; i++) {
        const tick = (slot: number): void => {
          fired++;
          scheduler.at(schedule.nextSlot(slot, anchor)!, tick);
        };
        scheduler.at(schedule.nextSlot(anchor - 1, anchor)!, tick);
      }
      await clock.advanceTo(anchor + 2_000);
      expect([fired, scheduler.size, clock.pendingSleepers]).toStrictEqual([30_000, 10_000, 1]);
    });
  });

  describe('when more is due than one drain may run', () => {
    // Counts macrotasks: every turn of the event loop bumps it once, until stopped.
    function turnCounter(): { readonly turn: () => number; stop: () => void } {
      let turn = 0;
      let stopped = false;
      const next = (): void => {
        turn++;
        if (!stopped) setImmediate(next);
      };
      setImmediate(next);
      return { turn: () => turn, stop: () => void (stopped = true) };
    }

    function groupSizes(turns: number[]): number[] {
      const sizes = new Map<number, number>();
      for (const turn of turns) sizes.set(turn, (sizes.get(turn) ?? 0) + 1);
      return [...sizes.values()];
    }

    it('should run at most maxCallbacksPerDrain callbacks per drain, in order, with an event-loop turn between drains', async () => {
      const bounded = new HeapScheduler(clock, { maxCallbacksPerDrain: 100 });
      const fired: number[] = [];
      const turns: number[] = [];
      const counter = turnCounter();
      for (let id = 0; id < 1_000; id++) {
        bounded.at(start + 1_000, () => {
          fired.push(id);
          turns.push(counter.turn());
        });
      }
      await clock.advanceTo(start + 1_000);
      counter.stop();
      bounded.close();
      expect(fired).toStrictEqual(Array.from({ length: 1_000 }, (_, id) => id));
      const sizes = groupSizes(turns);
      expect(sizes.length).toBeGreaterThanOrEqual(10);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    });

    it('should end a drain once it has spent drainBudgetMs of real time, after at least one callback', async () => {
      const bounded = new HeapScheduler(clock, { drainBudgetMs: 5 });
      const turns: number[] = [];
      const counter = turnCounter();
      for (let id = 0; id < 30; id++) {
        bounded.at(start + 1_000, () => {
          // 2 ms of synchronous work: the third callback of a drain spends its budget.
          const until = performance.now() + 2;
          while (performance.now() < until) {
            // spin
          }
          turns.push(counter.turn());
        });
      }
      await clock.advanceTo(start + 1_000);
      counter.stop();
      bounded.close();
      const sizes = groupSizes(turns);
      expect(turns.length).toBe(30);
      expect(sizes.length).toBeGreaterThanOrEqual(10);
      expect(sizes.every((size) => size >= 1 && size <= 3)).toBe(true);
    });

    it('should size drains by what their callbacks set off in microtasks, so a turn stays within drainBudgetMs', async () => {
      const bounded = new HeapScheduler(clock, { drainBudgetMs: 10 });
      const turns: number[] = [];
      const counter = turnCounter();
      for (let id = 0; id < 60; id++) {
        bounded.at(start + 1_000, () => {
          turns.push(counter.turn());
          // A run the callback starts: cheap to start, then 2 ms of synchronous work a few promise reactions later.
          void (async () => {
            await null;
            await null;
            const until = performance.now() + 2;
            while (performance.now() < until) {
              // spin
            }
          })();
        });
      }
      await clock.advanceTo(start + 1_000);
      counter.stop();
      bounded.close();
      const sizes = groupSizes(turns);
      expect(turns.length).toBe(60);
      // At most 10 ms / 2 ms = 5 callbacks per drain, the first drain included.
      expect(sizes.every((size) => size >= 1 && size <= 5)).toBe(true);
      expect(sizes.length).toBeGreaterThanOrEqual(10);
    });

    it('should hold a drain within drainBudgetMs when its callbacks grow dearer halfway', async () => {
      const bounded = new HeapScheduler(clock, { drainBudgetMs: 6 });
      const turns: number[] = [];
      const counter = turnCounter();
      for (let id = 0; id < 150; id++) {
        bounded.at(start + 1_000, () => {
          turns.push(counter.turn());
          // The first 100 callbacks cost next to nothing; then each starts 1 ms of work a promise reaction later.
          if (id < 100) return;
          void (async () => {
            await null;
            const until = performance.now() + 1;
            while (performance.now() < until) {
              // spin
            }
          })();
        });
      }
      await clock.advanceTo(start + 1_000);
      counter.stop();
      bounded.close();
      expect(turns.length).toBe(150);
      // Per drain, at most 6 ms / 1 ms of the dear ones and the one that overran: a drain measures every callback.
      const dearPerTurn = groupSizes(turns.slice(100));
      expect(Math.max(...dearPerTurn)).toBeLessThanOrEqual(7);
      expect(dearPerTurn.length).toBeGreaterThanOrEqual(50 / 7);
    });

    it('should start every drain on a macrotask, even when the clock resolves a sleep for a past instant at once', async () => {
      // FakeClock resolves sleepUntil(now) at once: a drain started from that promise would be a microtask.
      let runs = 0;
      let runsSeenByTheEventLoop: number | undefined;
      const again = (): void => {
        runs++;
        if (runs === 1) setImmediate(() => (runsSeenByTheEventLoop = runs));
        if (runs < 50) scheduler.at(clock.now(), again);
      };
      scheduler.at(clock.now(), again);
      await clock.advance(0);
      expect([runs, runsSeenByTheEventLoop]).toStrictEqual([50, 1]);
    });
  });

  describe('when the scheduler falls behind', () => {
    it('should report overloaded once, with how late it was and how much was due, then report catching up', async () => {
      const lags: SchedulerLag[] = [];
      const seenInCallbacks: SchedulerLag[] = [];
      const lagging: HeapScheduler = new HeapScheduler(clock, { lagThresholdMs: 1_000, maxCallbacksPerDrain: 2, onLag: (lag) => lags.push(lag) });
      for (let i = 0; i < 5; i++) lagging.at(start + 1_000, () => seenInCallbacks.push(lagging.lag));
      clock.jump(5_000); // the event loop stalled: the entries are 4 s late when the scheduler wakes
      expect(lagging.lag).toStrictEqual({ overloaded: false, lateByMs: 4_000, due: 5 });
      await clock.advance(0);
      expect(lags).toStrictEqual([
        { overloaded: true, lateByMs: 4_000, due: 5 },
        { overloaded: false, lateByMs: 0, due: 0 },
      ]);
      // Three drains of at most two; the state holds until everything due has run.
      expect(seenInCallbacks.map(({ overloaded, due }) => [overloaded, due])).toStrictEqual([
        [true, 4],
        [true, 3],
        [true, 2],
        [true, 1],
        [true, 0],
      ]);
      expect(lagging.lag).toStrictEqual({ overloaded: false, lateByMs: 0, due: 0 });
      lagging.close();
    });

    it('should not report a drain that starts within lagThresholdMs', async () => {
      const lags: SchedulerLag[] = [];
      const lagging = new HeapScheduler(clock, { lagThresholdMs: 1_000, onLag: (lag) => lags.push(lag) });
      let fired = 0;
      lagging.at(start + 1_000, () => fired++);
      clock.jump(2_000);
      await clock.advance(0);
      expect([fired, lags]).toStrictEqual([1, []]);
      lagging.close();
    });

    it('should report catching up when the last due entry is cancelled between two drains', async () => {
      const lags: boolean[] = [];
      const lagging = new HeapScheduler(clock, { lagThresholdMs: 0, maxCallbacksPerDrain: 1, onLag: (lag) => lags.push(lag.overloaded) });
      let fired = 0;
      // The first drain runs one callback; the event loop's turn after it cancels the other entry.
      const other = lagging.at(start + 1_000, () => fired++);
      lagging.at(start + 500, () => {
        fired++;
        setImmediate(() => {
          other.cancel();
          lags.push(lagging.lag.overloaded);
        });
      });
      clock.jump(2_000);
      await clock.advance(0);
      expect([fired, lags, lagging.lag.overloaded]).toStrictEqual([1, [true, false, false], false]);
      lagging.close();
    });
  });

  describe('when closed', () => {
    it('should drop every entry, release the clock and register nothing afterwards', async () => {
      const fired: number[] = [];
      scheduler.at(start + 1_000, () => fired.push(1));
      scheduler.close();
      scheduler.close();
      const late = scheduler.at(start + 1_000, () => fired.push(2));
      late.cancel();
      await clock.advanceTo(start + 2_000);
      expect([fired, scheduler.size, clock.pendingSleepers, late.dueAt]).toStrictEqual([[], 0, 0, start + 1_000]);
    });

    it('should stop firing when a callback closes it', async () => {
      const fired: number[] = [];
      scheduler.at(start + 1_000, () => {
        fired.push(1);
        scheduler.close();
      });
      scheduler.at(start + 1_000, () => fired.push(2));
      await clock.advanceTo(start + 2_000);
      expect(fired).toStrictEqual([1]);
    });
  });

  describe('when a callback throws', () => {
    it('should report it and keep firing the others', async () => {
      const errors: [unknown, number][] = [];
      const reporting = new HeapScheduler(clock, { onCallbackError: (error, dueAt) => errors.push([error, dueAt]) });
      const fired: number[] = [];
      const boom = new Error('boom');
      reporting.at(start + 1_000, () => {
        throw boom;
      });
      reporting.at(start + 1_000, () => fired.push(1));
      reporting.at(start + 2_000, () => fired.push(2));
      await clock.advanceTo(start + 2_000);
      expect([errors, fired]).toStrictEqual([[[boom, start + 1_000]], [1, 2]]);
      reporting.close();
    });
  });

  describe('when given bad options', () => {
    it.each<[string, unknown]>([
      ['an unknown key', { maxCallbacks: 10 }],
      ['maxCallbacksPerDrain 0', { maxCallbacksPerDrain: 0 }],
      ['a fractional maxCallbacksPerDrain', { maxCallbacksPerDrain: 1.5 }],
      ['drainBudgetMs 0', { drainBudgetMs: 0 }],
      ['a NaN drainBudgetMs', { drainBudgetMs: Number.NaN }],
      ['a negative lagThresholdMs', { lagThresholdMs: -1 }],
      ['an onLag that is not a function', { onLag: 'warn' }],
      ['an onCallbackError that is not a function', { onCallbackError: {} }],
    ])('should throw BATON_ERR_SCHEDULER_INVALID_ARGUMENT for %s', (_, options) => {
      let code: string | undefined;
      try {
        new HeapScheduler(clock, options as HeapSchedulerOptions);
      } catch (error) {
        code = BatonError.is(error) ? error.code : 'not a BatonError';
      }
      expect(code).toBe(BatonErrorCode.SchedulerInvalidArgument);
    });
  });

  describe('when given bad arguments', () => {
    it.each<[string, unknown, unknown]>([
      ['a NaN due time', Number.NaN, () => {}],
      ['an infinite due time', Number.POSITIVE_INFINITY, () => {}],
      ['a string due time', '1000', () => {}],
      ['no callback', 1_000, undefined],
    ])('should throw BATON_ERR_SCHEDULER_INVALID_ARGUMENT for %s', (_, dueAt, callback) => {
      let code: string | undefined;
      try {
        scheduler.at(dueAt as number, callback as () => void);
      } catch (error) {
        code = BatonError.is(error) ? error.code : 'not a BatonError';
      }
      expect(code).toBe(BatonErrorCode.SchedulerInvalidArgument);
    });
  });
});
