// Acceptance: a workflow declared requires: 'lazy' waits for its bindings and starts ticking once Workflows.bindLate
// provides them.
import { BatonError, BatonErrorCode, defineWorkflow, every, token } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

interface Warehouse {
  readonly name: string;
  count(): number;
}
const Warehouse = token<Warehouse>('acceptance/Warehouse');

describe(createTestHost, () => {
  describe("when a workflow is 'lazy' and its service is bound after start", () => {
    it('should be waiting, not tick, refuse triggers, then tick from the moment it is bound', async () => {
      const counted: [number, string][] = [];
      const workflow = defineWorkflow('stocktake')
        .schedule(every('1m'))
        .uses(Warehouse)
        .options({ requires: 'lazy' })
        .step('count', ({ get, run }) => void counted.push([(run.scheduledAt - start) / MINUTE, get(Warehouse).name]));
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      await t.advance('5m');
      const waiting = await t.workflows.list();
      const refused = await t.workflows.trigger('stocktake').catch((error: unknown) => error);

      t.workflows.bindLate(Warehouse, { useValue: { name: 'north', count: () => 1 } });
      const bound = await t.workflows.list();
      await t.advance('2m');
      const runs = await t.runs('stocktake');
      await t.stop();

      expect(waiting.map(({ name, state, missing, nextDueAt, lastRun }) => ({ name, state, missing, nextDueAt, lastRun }))).toStrictEqual([
        { name: 'stocktake', state: 'waiting', missing: ['acceptance/Warehouse'], nextDueAt: undefined, lastRun: undefined },
      ]);
      expect(BatonError.is(refused, BatonErrorCode.WorkflowNotReady)).toBe(true);
      expect(bound.map(({ state, missing }) => ({ state, missing }))).toStrictEqual([{ state: 'scheduled', missing: [] }]);
      // Nothing ran while waiting; the grid starts at the binding (5m), and advance('2m') covers [5m, 7m).
      expect(counted).toStrictEqual([
        [5, 'north'],
        [6, 'north'],
      ]);
      expect(runs.map((run) => [run.scheduledAt, run.status])).toStrictEqual([5, 6].map((m) => [start + m * MINUTE, 'succeeded']));
    });
  });

  describe('when the late binding is a factory of a disposable', () => {
    it('should create one instance per run and dispose it when the run ends', async () => {
      const journal: string[] = [];
      let created = 0;
      const workflow = defineWorkflow('stocktake')
        .uses(Warehouse)
        .options({ requires: 'lazy' })
        .step('count', ({ get }) => get(Warehouse).count() + get(Warehouse).count());
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      t.workflows.bindLate(Warehouse, {
        useFactory: () => {
          const id = ++created;
          return { name: `w${id}`, count: () => id, [Symbol.asyncDispose]: async () => void journal.push(`dispose w${id}`) };
        },
      });
      const first = t.workflows.trigger('stocktake');
      await t.advance(0);
      const second = t.workflows.trigger('stocktake');
      await t.advance(0);
      const outputs = [(await first).outputSummary, (await second).outputSummary];
      await t.stop();

      expect([outputs, journal]).toStrictEqual([
        ['2', '4'],
        ['dispose w1', 'dispose w2'],
      ]);
    });
  });

  describe('when a late binding collides with a registered service', () => {
    it('should throw BATON_ERR_WORKFLOW_BINDING_CONFLICT', async () => {
      const workflow = defineWorkflow('stocktake')
        .uses(Warehouse)
        .step('count', ({ get }) => get(Warehouse).count());
      const t = await createTestHost(
        (builder) => {
          builder.services.addSingleton(Warehouse, { useValue: { name: 'main', count: () => 0 } });
          builder.addWorkflow(workflow);
        },
        { start },
      );

      let thrown: unknown;
      try {
        t.workflows.bindLate(Warehouse, { useValue: { name: 'other', count: () => 1 } });
      } catch (error) {
        thrown = error;
      }
      await t.stop();

      expect(BatonError.is(thrown, BatonErrorCode.WorkflowBindingConflict)).toBe(true);
    });
  });
});
