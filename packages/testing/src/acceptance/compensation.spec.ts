// Acceptance: a later step's final failure compensates the completed steps in reverse order; failures are recorded
// with readable messages, whatever was thrown.
import { defineWorkflow } from '@baton/core';
import type { StepRunRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);

/** reserve -> audit (no compensation) -> charge -> ship (always fails, after one retry). */
function checkout(journal: string[], options: { chargeRefundThrows: boolean }) {
  return defineWorkflow('checkout')
    .step('reserve', () => 'res-1', { compensate: (_, output) => void journal.push(`release ${output}`) })
    .step('audit', () => 'audited')
    .step('charge', ({ input }) => `charge-for-${input}`, {
      compensate: (_, output) => {
        journal.push(`refund ${output}`);
        if (options.chargeRefundThrows) throw new Error('refund gateway down');
      },
    })
    .step(
      'ship',
      ({ run }) => {
        journal.push(`ship attempt ${run.attempt}`);
        throw new Error('carrier rejected the parcel');
      },
      { retry: { attempts: 2, backoff: 'fixed', delay: '1s' } },
    );
}

/** An object that JSON.stringify and String() both throw on. */
function unprintable(): object {
  const fail = (): never => {
    throw new Error('unprintable');
  };
  return { toJSON: fail, toString: fail };
}

/** A Proxy on which every operation throws. */
function hostileProxy(): object {
  const trap = (): never => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
}

const compensationOf = (steps: readonly StepRunRecord[]) =>
  steps.map(({ name, status, compensation }) => ({ name, status, compensation: compensation?.status, compensationError: compensation?.error?.message }));

describe(createTestHost, () => {
  describe('when a later step fails for good and every compensation succeeds', () => {
    it('should compensate the completed steps in reverse order, only after the last attempt, and end compensated', async () => {
      const journal: string[] = [];
      const t = await createTestHost((builder) => builder.addWorkflow(checkout(journal, { chargeRefundThrows: false })), { start });
      const events: string[] = [];
      t.workflows.on('compensation.started', ({ step }) => void events.push(`started ${step}`));
      t.workflows.on('compensation.finished', ({ step, error }) => void events.push(`finished ${step}${error ? ` (${error.message})` : ''}`));

      const record = t.workflows.trigger('checkout');
      await t.advance('1m');
      const run = await record;
      await t.stop();

      expect(journal).toStrictEqual(['ship attempt 1', 'ship attempt 2', 'refund charge-for-audited', 'release res-1']);
      expect(events).toStrictEqual(['started charge', 'finished charge', 'started reserve', 'finished reserve']);
      expect([run.status, run.error?.message, run.finishedAt]).toStrictEqual(['compensated', 'carrier rejected the parcel', start + 1_000]);
      expect(compensationOf(run.steps)).toStrictEqual([
        { name: 'reserve', status: 'succeeded', compensation: 'succeeded', compensationError: undefined },
        { name: 'audit', status: 'succeeded', compensation: undefined, compensationError: undefined },
        { name: 'charge', status: 'succeeded', compensation: 'succeeded', compensationError: undefined },
        { name: 'ship', status: 'failed', compensation: undefined, compensationError: undefined },
      ]);
      // The stored record says the same.
      expect((await t.runs('checkout')).map((stored) => [stored.status, compensationOf(stored.steps)])).toStrictEqual([
        [run.status, compensationOf(run.steps)],
      ]);
    });
  });

  describe('when a compensation throws', () => {
    it('should still run the earlier compensations, record the failure and end compensation_failed', async () => {
      const journal: string[] = [];
      const t = await createTestHost((builder) => builder.addWorkflow(checkout(journal, { chargeRefundThrows: true })), { start });

      const record = t.workflows.trigger('checkout');
      await t.advance('1m');
      const run = await record;
      await t.stop();

      expect(journal).toStrictEqual(['ship attempt 1', 'ship attempt 2', 'refund charge-for-audited', 'release res-1']);
      // The run's error is the step's failure, not the compensation's.
      expect([run.status, run.error?.message]).toStrictEqual(['compensation_failed', 'carrier rejected the parcel']);
      expect(compensationOf(run.steps)).toStrictEqual([
        { name: 'reserve', status: 'succeeded', compensation: 'succeeded', compensationError: undefined },
        { name: 'audit', status: 'succeeded', compensation: undefined, compensationError: undefined },
        { name: 'charge', status: 'succeeded', compensation: 'failed', compensationError: 'refund gateway down' },
        { name: 'ship', status: 'failed', compensation: undefined, compensationError: undefined },
      ]);
      expect(t.logs.entries.filter((entry) => entry.message === 'Compensation failed').map((entry) => entry.fields)).toStrictEqual([
        expect.objectContaining({ workflow: 'checkout', runId: run.id, step: 'charge', error: 'refund gateway down' }),
      ]);
    });
  });

  describe('when the first step fails', () => {
    it('should end failed: there is nothing to compensate', async () => {
      const compensated: string[] = [];
      const workflow = defineWorkflow('early')
        .step(
          'first',
          () => {
            throw new Error('nope');
          },
          { compensate: () => void compensated.push('first') },
        )
        .step('second', () => 'never', { compensate: () => void compensated.push('second') });
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('early');
      await t.advance(0);
      const run = await record;
      await t.stop();

      expect([run.status, compensated, run.steps.map((step) => step.name)]).toStrictEqual(['failed', [], ['first']]);
    });
  });

  describe('when a step throws something that is not an Error', () => {
    it.each<[string, unknown, string]>([
      ['a string', 'disk full', 'Non-Error value thrown: disk full'],
      ['a number', 42, 'Non-Error value thrown: 42'],
      ['a plain object', { reason: 'quota', retryable: false }, 'Non-Error value thrown: {"reason":"quota","retryable":false}'],
      ['an object with a message', { message: 'upstream said no' }, 'upstream said no'],
      ['undefined', undefined, 'Non-Error value thrown: undefined'],
      ['null', null, 'Non-Error value thrown: null'],
      ['an object whose toJSON and toString throw', unprintable(), 'Non-Error value thrown: [unserializable object]'],
      ['a Proxy whose every trap throws', hostileProxy(), 'Non-Error value thrown: [unserializable object]'],
      [
        'an object holding a Proxy whose every trap throws',
        { reason: 'quota', detail: hostileProxy() },
        'Non-Error value thrown: {"reason":"quota","detail":"[unserializable]"}',
      ],
    ])('should record %s with a readable message', async (_, thrown, message) => {
      const workflow = defineWorkflow('odd').step('throw', () => {
        throw thrown;
      });
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      const record = t.workflows.trigger('odd');
      await t.advance(0);
      const run = await record;
      const [stored] = await t.runs('odd');
      await t.stop();

      expect([run.status, run.error?.name, run.error?.message]).toStrictEqual(['failed', 'Error', message]);
      expect([stored?.error?.message, stored?.steps[0]?.status, stored?.steps[0]?.error?.message]).toStrictEqual([message, 'failed', message]);
      expect(t.logs.entries.filter((entry) => entry.message === 'Step failed').map((entry) => (entry.fields.error as Error).message)).toStrictEqual([message]);
    });
  });
});
