import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoffDelay.js';

describe(backoffDelay, () => {
  const policy = { initialDelayMs: 1_000, maxDelayMs: 10_000, jitter: 0 };

  describe('when jitter is 0', () => {
    it('should double from initialDelay and cap at maxDelay', () => {
      expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 0.9))).toStrictEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    });
  });

  describe('when jitter is set', () => {
    it('should spread each delay by at most ± jitter of itself', () => {
      const jittery = { ...policy, jitter: 0.5 };

      expect([0, 0.5, 0.999_999].map((random) => backoffDelay(jittery, 1, () => random))).toStrictEqual([1_000, 2_000, 3_000]);
    });
  });
});
