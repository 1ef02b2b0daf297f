// Acceptance: retry delays follow the step's policy exactly, measured on the virtual clock.
import { Clock, defineWorkflow } from '@baton/core';
import type { RetryOptions } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);

describe(createTestHost, () => {
  describe('when a step keeps failing under a retry policy with jitter 0', () => {
    // [policy, attempt offsets in ms from the first attempt]
    it.each<[string, RetryOptions, number[]]>([
      ['fixed 5s', { attempts: 4, backoff: 'fixed', delay: '5s', jitter: 0 }, [0, 5_000, 10_000, 15_000]],
      ['a Duration backoff of 2s', { attempts: 3, backoff: '2s', jitter: 0 }, [0, 2_000, 4_000]],
      // 1s, 2s, 4s, then 8s capped at 5s, 16s capped at 5s.
      [
        'exponential 1s capped at 5s',
        { attempts: 6, backoff: 'exponential', delay: '1s', maxDelay: '5s', jitter: 0 },
        [0, 1_000, 3_000, 7_000, 12_000, 17_000],
      ],
      ['exponential by default, from 1s', { attempts: 4 }, [0, 1_000, 3_000, 7_000]],
    ])("should attempt at exactly the policy's delays (%s) and fail with the last error", async (_, retry, offsets) => {
      const attemptsAt: number[] = [];
      const workflow = defineWorkflow('flaky').step(
        'call',
        ({ get, run }) => {
          attemptsAt.push(get(Clock).now() - start);
          throw new Error(`attempt ${run.attempt} failed`);
        },
        { retry },
      );
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });
      const retried: [number, number][] = [];
      t.workflows.on('step.retried', ({ attempt, delayMs }) => void retried.push([attempt, delayMs]));

      const record = t.workflows.trigger('flaky');
      await t.advance('1m');
      const run = await record;
      await t.stop();

      expect(attemptsAt).toStrictEqual(offsets);
      expect(retried).toStrictEqual(offsets.slice(1).map((offset, index) => [index + 1, offset - offsets[index]!]));
      expect([run.status, run.error?.message, run.finishedAt]).toStrictEqual(['failed', `attempt ${offsets.length} failed`, start + offsets.at(-1)!]);
      expect(run.steps.map(({ name, status, attempts }) => ({ name, status, attempts }))).toStrictEqual([
        { name: 'call', status: 'failed', attempts: offsets.length },
      ]);
    });
  });

  describe('when a step succeeds on its third attempt', () => {
    it('should stop retrying and hand its output to the next step', async () => {
      const attemptsAt: number[] = [];
      const workflow = defineWorkflow('eventually')
        .step(
          'call',
          ({ get, run }) => {
            attemptsAt.push(get(Clock).now() - start);
            if (run.attempt < 3) throw new Error('not yet');
            return run.attempt;
          },
          { retry: { attempts: 5, backoff: 'exponential', delay: '10s', jitter: 0 } },
        )
        .step('use', ({ input }) => `got ${input}`);
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('eventually');
      await t.advance('5m');
      const run = await record;
      await t.stop();

      expect(attemptsAt).toStrictEqual([0, 10_000, 30_000]);
      expect([run.status, run.outputSummary, run.finishedAt]).toStrictEqual(['succeeded', '"got 3"', start + 30_000]);
      expect(run.steps.map(({ name, status, attempts }) => ({ name, status, attempts }))).toStrictEqual([
        { name: 'call', status: 'succeeded', attempts: 3 },
        { name: 'use', status: 'succeeded', attempts: 1 },
      ]);
    });
  });

  describe('when retryIf rejects the error', () => {
    it('should not retry', async () => {
      let attempts = 0;
      const workflow = defineWorkflow('picky').step(
        'call',
        () => {
          attempts++;
          throw new TypeError('a bug, not a blip');
        },
        { retry: { attempts: 5, delay: '1s', retryIf: (error) => !(error instanceof TypeError) } },
      );
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('picky');
      await t.advance('1m');
      const run = await record;
      await t.stop();

      expect([attempts, run.status, run.error?.name, run.finishedAt]).toStrictEqual([1, 'failed', 'TypeError', start]);
    });
  });
});
