import { describe, expect, it } from 'vitest';
import { SystemClock } from './SystemClock.js';

describe(SystemClock, () => {
  describe('when sleeping until an instant', () => {
    it('should resolve true never before the instant, even though it wakes its timer early', async () => {
      const clock = new SystemClock();
      for (const ahead of [1, 2, 3, 7]) {
        const due = Date.now() + ahead;
        await expect(clock.sleepUntil(due)).resolves.toBe(true);
        expect(Date.now()).toBeGreaterThanOrEqual(due);
      }
    });

    it('should resolve false at once when the signal aborts, in the timer phase or the final turns', async () => {
      const clock = new SystemClock();
      const far = new AbortController();
      const farSleep = clock.sleepUntil(Date.now() + 60_000, far.signal);
      far.abort();
      await expect(farSleep).resolves.toBe(false);

      const near = new AbortController();
      // Within the early-wake margin (so on setImmediate turns), yet not so near that a millisecond ticking over
      // between the two clock reads ends the sleep before the abort (+1 did, now and then).
      const nearSleep = clock.sleepUntil(Date.now() + 2, near.signal);
      near.abort();
      await expect(nearSleep).resolves.toBe(false);
      await expect(clock.sleepUntil(Date.now() + 1_000, AbortSignal.abort())).resolves.toBe(false);
    });
  });

  describe('when sleeping until an instant already past', () => {
    it("should resolve true on a later turn of the event loop, never among the caller's microtasks", async () => {
      const clock = new SystemClock();
      let slept = false;
      const sleep = clock.sleepUntil(Date.now() - 1_000).then((woke) => (slept = woke));
      for (let i = 0; i < 100; i++) await Promise.resolve();
      expect(slept).toBe(false);
      await sleep;
      expect(slept).toBe(true);
    });

    it('should let a timer run inside a loop of zero-length sleeps', async () => {
      const clock = new SystemClock();
      let timerRan = false;
      setTimeout(() => (timerRan = true), 1);
      let sleeps = 0;
      while (!timerRan && sleeps < 1_000_000) {
        await clock.sleep(0);
        sleeps++;
      }
      expect(timerRan).toBe(true);
    });

    it('should resolve false when the signal aborts before that turn', async () => {
      const clock = new SystemClock();
      const controller = new AbortController();
      const sleep = clock.sleepUntil(Date.now() - 1_000, controller.signal);
      controller.abort();
      await expect(sleep).resolves.toBe(false);
    });
  });
});
