import type { RunCounts } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS } from './ConformanceContext.js';

/** The counts by workflow name, without zero counts or workflows without runs: how stores may differ. */
function normalized(counts: readonly RunCounts[]): Record<string, Record<string, number>> {
  const byWorkflow: Record<string, Record<string, number>> = {};
  for (const { workflow, counts: byStatus } of counts) {
    const nonZero = Object.fromEntries(
      Object.entries(byStatus)
        .filter(([, count]) => count !== undefined && count > 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    if (Object.keys(nonZero).length > 0) byWorkflow[workflow] = nonZero as Record<string, number>;
  }
  return Object.fromEntries(Object.entries(byWorkflow).sort(([a], [b]) => a.localeCompare(b)));
}

/** Counts: what the store holds, by workflow and status. */
export const countCases: readonly CaseDefinition[] = [
  {
    name: "counts: countRuns counts each workflow's runs by status, and follows every write",
    async run(t) {
      Check.same(normalized(await t.store.countRuns()), {}, 'countRuns of an empty store');
      const [first, second] = [t.run({ workflow: 'wf-a' }), t.run({ workflow: 'wf-a', trigger: 'manual' })];
      await t.create(first);
      await t.create(second);
      await t.create(t.skipped({ workflow: 'wf-a', scheduledAt: t.clock.now() + 60_000 }));
      await t.finished(t.run({ workflow: 'wf-b' }), { status: 'failed' });
      await t.finished(t.run({ workflow: 'wf-b', trigger: 'manual' }), { status: 'failed' });
      await t.finished(t.run({ workflow: 'wf-b', scheduledAt: t.clock.now() + 60_000 }), { status: 'cancelled' });
      Check.same(normalized(await t.store.countRuns()), { 'wf-a': { running: 2, skipped: 1 }, 'wf-b': { cancelled: 1, failed: 2 } }, 'countRuns');

      await t.finishRun(first.id, t.lease(), { status: 'succeeded', finishedAt: t.clock.now() });
      await t.advance(TTL_MS + 1);
      const [failed] = await t.store.listRuns('wf-b', { limit: 500 }).then((runs) => runs.filter((run) => run.status === 'failed'));
      await t.takeOver(failed!.id, { kind: 'retried', owner: 'engine-b', ttlMs: TTL_MS, from: ['failed'], epoch: 1 });
      Check.same(
        normalized(await t.store.countRuns()),
        { 'wf-a': { running: 1, skipped: 1, succeeded: 1 }, 'wf-b': { cancelled: 1, failed: 1, running: 1 } },
        'countRuns after a run finished and a failed one was reopened',
      );
    },
  },
];
