import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { WORKFLOW, type ConformanceContext } from './ConformanceContext.js';

/** The ids of `workflow`'s runs, newest first. */
async function ids(t: ConformanceContext, workflow = WORKFLOW): Promise<string[]> {
  return (await t.store.listRuns(workflow, { limit: 500 })).map((run) => run.id);
}

/** The store's setRetention, which the retention cases need. */
function setRetention(t: ConformanceContext): (workflow: string, maxRuns: number) => Promise<void> {
  const { store } = t;
  if (store.setRetention === undefined)
    throw new Error('The store has no setRetention: pass { retention: false } to runStoreConformance to leave the retention cases out.');
  return (workflow, maxRuns) => store.setRetention!(workflow, maxRuns);
}

// The limit is checked after createRun and setRetention: a store may also apply it when a run finishes, or not.
/** Retention: at most maxRuns runs a workflow, the oldest finished ones dropped first, running ones never. */
export const retentionCases: readonly CaseDefinition[] = [
  {
    name: 'retention: setRetention keeps the newest finished runs and never drops a running one',
    needsRetention: true,
    async run(t) {
      const retain = setRetention(t);
      const base = t.clock.now();
      let slot = 0;
      const next = (overrides: { trigger?: 'manual' } = {}) => {
        slot++;
        return t.run({ scheduledAt: base + slot * 60_000, startedAt: base + slot * 1_000, ...overrides });
      };
      const others: string[] = [];
      for (let index = 0; index < 5; index++) others.push((await t.finished(t.run({ workflow: 'other', scheduledAt: base + index * 60_000 }))).id);
      await retain(WORKFLOW, 3);

      const running = next();
      await t.create(running);
      const finished: string[] = [];
      for (let index = 0; index < 5; index++) finished.push((await t.finished(next())).id);
      Check.same(await ids(t), [finished[4], finished[3], running.id], 'the runs kept with a limit of 3: the running one and the two newest finished');
      Check.that((await t.store.getRun(finished[0]!)) === undefined, 'getRun of a dropped run resolves undefined');

      const [second, third, fourth] = [next(), next(), next()];
      for (const run of [second, third, fourth]) await t.create(run);
      Check.same(
        await ids(t),
        [fourth.id, third.id, second.id, running.id],
        'with four runs in flight and a limit of 3, every running run is kept and no finished one',
      );

      await t.finishRun(running.id, t.lease(), { status: 'succeeded', finishedAt: t.clock.now() });
      await t.finishRun(second.id, t.lease(), { status: 'failed', finishedAt: t.clock.now() });
      const fifth = next({ trigger: 'manual' });
      await t.create(fifth);
      Check.same(await ids(t), [fifth.id, fourth.id, third.id], 'once two of them finished and another started: the three running ones');

      for (const run of [third, fourth, fifth]) await t.finishRun(run.id, t.lease(), { status: 'succeeded', finishedAt: t.clock.now() });
      await retain(WORKFLOW, 1);
      Check.same(await ids(t), [fifth.id], 'after setRetention lowered the limit to 1');
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === fourth.scheduledAt, 'lastScheduledAt after the runs of the latest slots were dropped');
      Check.same([...(await ids(t, 'other'))].sort(), [...others].sort(), 'the runs of another workflow, which has its own limit');
    },
  },
  {
    name: 'retention: lastScheduledAt survives the eviction of the run of the latest slot',
    needsRetention: true,
    async run(t) {
      const retain = setRetention(t);
      await retain(WORKFLOW, 1);
      const slot = t.clock.now() + 60_000;
      const scheduled = t.skipped({ scheduledAt: slot });
      await t.create(scheduled);
      await t.advance(1_000);
      const manual = t.run({ trigger: 'manual' });
      await t.create(manual);
      Check.same(await ids(t), [manual.id], 'the runs kept with a limit of 1, once a manual run followed a skipped one');
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === slot, 'lastScheduledAt once the record of the latest slot was dropped');

      await t.finishRun(manual.id, t.lease(), { status: 'succeeded', finishedAt: t.clock.now() });
      await t.finished(t.run({ trigger: 'manual' }));
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === slot, 'lastScheduledAt after more manual runs');
    },
  },
];
