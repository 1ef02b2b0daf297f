// Acceptance: the engine logs each run and step at info level through the host's Logger, with workflow, runId and
// step fields, so an app's log shows its runs and steps without raising the level.
import { defineWorkflow, every } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);

describe(createTestHost, () => {
  describe('when a scheduled run succeeds and a triggered one compensates', () => {
    it('should log runs, steps and compensations at info (failures at error) with workflow, runId and step', async () => {
      let calls = 0;
      const workflow = defineWorkflow('restock')
        .schedule(every('1h'))
        .step('reserve', () => 'r-1', { compensate: () => 'released' })
        .step('order', () => {
          if (++calls === 2) throw new Error('supplier said no');
          return 'po-1';
        });
      const t = await createTestHost((builder) => builder.addWorkflow(workflow), { start });

      await t.advance(0);
      const manual = t.workflows.trigger('restock');
      await t.advance(0);
      const failed = await manual;
      const [scheduled] = await t.runs('restock');
      await t.stop();

      const entriesOf = (runId: string) =>
        t.logs.entries
          .filter((entry) => entry.fields.runId === runId && entry.level !== 'debug')
          .map(({ level, message, fields }) => [level, message, fields.workflow, fields.step]);
      expect(entriesOf(scheduled!.id)).toStrictEqual([
        ['info', 'Workflow run started', 'restock', undefined],
        ['info', 'Step succeeded', 'restock', 'reserve'],
        ['info', 'Step succeeded', 'restock', 'order'],
        ['info', 'Workflow run finished', 'restock', undefined],
      ]);
      expect(entriesOf(failed.id)).toStrictEqual([
        ['info', 'Workflow run started', 'restock', undefined],
        ['info', 'Step succeeded', 'restock', 'reserve'],
        ['error', 'Step failed', 'restock', 'order'],
        ['info', 'Compensation started', 'restock', 'reserve'],
        ['info', 'Compensation succeeded', 'restock', 'reserve'],
        ['error', 'Workflow run finished', 'restock', undefined],
      ]);
      expect(t.logs.entries.find((entry) => entry.fields.runId === failed.id && entry.message === 'Workflow run finished')?.fields).toStrictEqual(
        expect.objectContaining({ status: 'compensated', error: 'supplier said no', durationMs: 0 }),
      );
    });
  });
});
