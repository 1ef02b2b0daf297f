import type { FinalRunStatus, RunCounts } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS, type ConformanceContext } from './ConformanceContext.js';

const WORKFLOWS = ['wf-a', 'wf-b'];
const SLOTS = 20;

/** One slot, claimed by two engines at once; the winner writes its steps and ends the run, as the engine does. */
async function race(t: ConformanceContext, workflow: string, index: number): Promise<string[]> {
  const scheduledAt = t.clock.now() + index * 60_000;
  const status: FinalRunStatus = index % 2 === 0 ? 'succeeded' : 'failed';
  return (
    await Promise.all(
      ['engine-a', 'engine-b'].map(async (owner) => {
        const run = t.run({ workflow, scheduledAt, input: JSON.stringify({ workflow, index }) });
        const lease = t.lease(owner);
        if (!(await t.claim(run, lease))) return [];
        for (const step of ['reserve', 'charge']) {
          await t.recordStep(run.id, lease, t.step(step));
          Check.same(await t.store.renewLeases(owner, TTL_MS, [{ id: run.id, epoch: 1 }]), [], `renewLeases of run ${run.id} by its owner, between writes`);
          await t.recordStep(
            run.id,
            lease,
            t.step(step, { status: 'succeeded', finishedAt: t.clock.now(), output: JSON.stringify({ workflow, index, step }) }),
          );
        }
        await t.finishRun(run.id, lease, { status, finishedAt: t.clock.now() });
        return [run.id];
      }),
    )
  ).flat();
}

/** Concurrent writers: many runs written at once, interleaved, each chain of writes in order. */
export const concurrencyCases: readonly CaseDefinition[] = [
  {
    name: 'concurrent writers: many runs claimed and written interleaved all land intact',
    async run(t) {
      const winners = await Promise.all(WORKFLOWS.flatMap((workflow) => Array.from({ length: SLOTS }, (_, index) => race(t, workflow, index))));

      for (const [at, ids] of winners.entries())
        Check.that(ids.length === 1, `slot ${at % SLOTS} of ${WORKFLOWS[Math.floor(at / SLOTS)]} was created by ${ids.length} engines; expected 1`);
      for (const [at, [id]] of winners.entries()) {
        const workflow = WORKFLOWS[Math.floor(at / SLOTS)]!;
        const index = at % SLOTS;
        const run = await t.read(id!);
        Check.same(
          { workflow: run.workflow, status: run.status, input: run.input, outputs: run.steps.map((step) => [step.name, step.status, step.output]) },
          {
            workflow,
            status: index % 2 === 0 ? 'succeeded' : 'failed',
            input: JSON.stringify({ workflow, index }),
            outputs: ['reserve', 'charge'].map((step) => [step, 'succeeded', JSON.stringify({ workflow, index, step })]),
          },
          `run ${id} of slot ${index} of ${workflow}`,
        );
      }
      const counts = (await t.store.countRuns()).filter((entry: RunCounts) => WORKFLOWS.includes(entry.workflow));
      Check.same(
        counts.map(({ workflow, counts: byStatus }) => [workflow, byStatus.succeeded, byStatus.failed]).sort(),
        WORKFLOWS.map((workflow) => [workflow, SLOTS / 2, SLOTS / 2]),
        'countRuns after the race',
      );
      const all = (await t.store.queryRuns({ limit: 500 })).runs.map((run) => run.id);
      Check.same([...all].sort(), winners.flat().sort(), 'queryRuns after the race: every run once');
      await t.advance(TTL_MS + 1);
      Check.same(await t.store.expiredRuns(100), [], 'expiredRuns after every run finished');
    },
  },
];
