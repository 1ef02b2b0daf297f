// Acceptance: step and run timeouts on the virtual clock abort hung work and record the right status.
import { BatonErrorCode, Clock, defineWorkflow } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);

/** Never resolves on its own: settles only when `signal` aborts, rejecting with its reason. */
function hang(signal: AbortSignal, seen: { abortedAt?: number; reason?: unknown }, clock: Clock): Promise<never> {
  return new Promise<never>((_, reject) => {
    signal.addEventListener(
      'abort',
      () => {
        seen.abortedAt = clock.now();
        seen.reason = signal.reason;
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

describe(createTestHost, () => {
  describe('when a step hangs until its signal aborts and has a step timeout', () => {
    it('should abort its signal at the timeout, record the step timed_out and fail the run', async () => {
      const seen: { abortedAt?: number; reason?: unknown } = {};
      const workflow = defineWorkflow('hung').step('wait-forever', ({ get, signal }) => hang(signal, seen, get(Clock)), { timeout: '30s' });
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('hung');
      // [0, 30s): every instant before the timeout ...
      await t.advance('30s');
      const before = await t.statuses('hung');
      // ... then [30s, 30.001s): the timeout, due at 30s.
      await t.advance('1ms');
      const run = await record;
      await t.stop();

      expect(before).toStrictEqual(['running']);
      expect(seen.abortedAt).toBe(start + 30_000);
      expect([run.status, run.error?.code, run.finishedAt]).toStrictEqual(['failed', BatonErrorCode.WorkflowStepTimeout, start + 30_000]);
      expect(run.steps.map(({ name, status, attempts, error }) => ({ name, status, attempts, code: error?.code }))).toStrictEqual([
        { name: 'wait-forever', status: 'timed_out', attempts: 1, code: BatonErrorCode.WorkflowStepTimeout },
      ]);
    });

    it('should time out each attempt and retry after the delay', async () => {
      const starts: number[] = [];
      const seen: { abortedAt?: number; reason?: unknown } = {};
      const workflow = defineWorkflow('hung-retried').step(
        'wait-forever',
        ({ get, signal }) => {
          starts.push(get(Clock).now() - start);
          return hang(signal, seen, get(Clock));
        },
        { timeout: '10s', retry: { attempts: 3, backoff: 'fixed', delay: '5s' } },
      );
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('hung-retried');
      await t.advance('1m');
      const run = await record;
      await t.stop();

      // 0-10 s, wait 5 s, 15-25 s, wait 5 s, 30-40 s.
      expect(starts).toStrictEqual([0, 15_000, 30_000]);
      expect([run.status, run.steps[0]?.status, run.steps[0]?.attempts, run.finishedAt]).toStrictEqual(['failed', 'timed_out', 3, start + 40_000]);
    });
  });

  describe('when a step ignores its signal entirely', () => {
    it('should abandon it at the step timeout', async () => {
      const workflow = defineWorkflow('deaf').step('ignore', () => new Promise<never>(() => {}), { timeout: '5s' });
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('deaf');
      // [0, 5.001s): the timeout is due at 5s, so the advance goes one millisecond past it.
      await t.advance('5001ms');
      const run = await record;
      await t.stop();

      expect([run.status, run.steps[0]?.status, run.finishedAt]).toStrictEqual(['failed', 'timed_out', start + 5_000]);
    });
  });

  describe('when a run outlasts the workflow timeout', () => {
    it('should abort the step in flight and record the run timed_out', async () => {
      const seen: { abortedAt?: number; reason?: unknown } = {};
      const workflow = defineWorkflow('slow')
        .options({ timeout: '1m' })
        .step('first', async ({ get, signal }) => {
          await get(Clock).sleep(40_000, signal);
          return 'first done';
        })
        .step('second', ({ get, signal }) => hang(signal, seen, get(Clock)))
        .step('never', () => 'unreachable');
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('slow');
      await t.advance('2m');
      const run = await record;
      await t.stop();

      expect(seen.abortedAt).toBe(start + 60_000);
      expect([run.status, run.error?.code, run.finishedAt]).toStrictEqual(['timed_out', BatonErrorCode.WorkflowRunTimeout, start + 60_000]);
      expect(run.steps.map(({ name, status }) => ({ name, status }))).toStrictEqual([
        { name: 'first', status: 'succeeded' },
        { name: 'second', status: 'cancelled' },
      ]);
    });
  });
});
