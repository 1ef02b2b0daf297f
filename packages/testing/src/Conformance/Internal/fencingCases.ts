import type { RunLease, RunRecord } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS, type ConformanceContext } from './ConformanceContext.js';

/** Tries every fenced write of run `id` under `lease`: each must be refused with BATON_ERR_RUNS_STALE_EPOCH and change nothing. */
async function expectFenced(t: ConformanceContext, id: string, lease: RunLease, why: string): Promise<void> {
  const where = `${why} (${lease.owner} at epoch ${lease.epoch})`;
  await t.unchanged(
    id,
    () => Check.refused(() => t.store.recordStep(id, lease, t.step('fenced', { status: 'succeeded', output: '"late"' })), `recordStep ${where}`),
    `recordStep ${where} was refused`,
  );
  await t.unchanged(
    id,
    () => Check.refused(() => t.store.finishRun(id, lease, { status: 'succeeded', finishedAt: t.clock.now() }), `finishRun ${where}`),
    `finishRun ${where} was refused`,
  );
  const steps = [t.step('fenced', { status: 'succeeded', finishedAt: t.clock.now(), output: '"late"' })];
  await t.unchanged(
    id,
    () => Check.refused(() => t.store.finishRun(id, lease, { status: 'succeeded', finishedAt: t.clock.now(), steps }), `finishRun with steps ${where}`),
    `finishRun with steps ${where} was refused`,
  );
}

/** A run of `engine-a` at epoch 1, taken over by `engine-b` (epoch 2) once its lease expired. */
async function takenOver(t: ConformanceContext): Promise<RunRecord> {
  const run = t.run();
  await t.create(run, t.lease('engine-a'));
  await t.advance(TTL_MS + 1);
  return t.takeOver(run.id, { kind: 'recovered', owner: 'engine-b', ttlMs: TTL_MS, from: ['running'], epoch: 1 });
}

/** Fencing: a write lands only if the run is `running` at the writer's epoch, for the writer. */
export const fencingCases: readonly CaseDefinition[] = [
  {
    name: 'fencing: a write at a stale epoch is refused and changes nothing',
    async run(t) {
      const run = await takenOver(t);

      await expectFenced(t, run.id, t.lease('engine-a', 1), 'by the owner it was taken from');
      await expectFenced(t, run.id, t.lease('engine-b', 1), 'by the new owner at the old epoch');
      await expectFenced(t, run.id, t.lease('engine-b', 3), 'at an epoch the run has not reached');
      await t.recordStep(run.id, t.lease('engine-b', 2), t.step('fetch'));
      Check.same(
        (await t.read(run.id)).steps.map((step) => step.name),
        ['fetch'],
        'the steps after the new owner wrote at its epoch',
      );
    },
  },
  {
    name: "fencing: a write by another owner at the run's epoch is refused and changes nothing",
    async run(t) {
      const run = t.run();
      await t.create(run, t.lease('engine-a'));

      await expectFenced(t, run.id, t.lease('engine-b', 1), 'by an engine that does not own the run');
    },
  },
  {
    name: 'fencing: a write to a finished run or a skipped record is refused and changes nothing',
    async run(t) {
      const run = t.run();
      await t.create(run);
      await t.finishRun(run.id, t.lease(), { status: 'failed', finishedAt: t.clock.now(), error: { name: 'Error', message: 'boom' } });
      await expectFenced(t, run.id, t.lease(), 'to a run that has ended');

      const skipped = t.skipped({ scheduledAt: t.clock.now() + 60_000 });
      await t.create(skipped);
      await expectFenced(t, skipped.id, t.lease(), 'to a skipped record');
    },
  },
  {
    name: 'fencing: a write to an unknown run is refused',
    async run(t) {
      const id = t.id();
      await expectFenced(t, id, t.lease(), 'to a run that is not in the store');
      Check.that((await t.store.getRun(id)) === undefined, 'a refused write to an unknown run creates nothing');
    },
  },
  {
    name: 'fencing: of a stale write and a takeover racing, exactly one lands',
    async run(t) {
      const runs = Array.from({ length: 10 }, () => t.run());
      for (const run of runs) await t.create(run, t.lease('engine-a'));
      await t.advance(TTL_MS + 1);

      const outcomes = await Promise.all(
        runs.map(async (run, index) => {
          const lease = t.lease('engine-a');
          const write =
            index % 2 === 0
              ? () => t.store.recordStep(run.id, lease, t.step('late', { status: 'succeeded' }))
              : () => t.store.finishRun(run.id, lease, { status: 'succeeded', finishedAt: t.clock.now() });
          const [wrote, taken] = await Promise.all([
            Promise.resolve()
              .then(write)
              .then(
                () => true,
                () => false,
              ),
            t.store.takeOver(run.id, { kind: 'recovered', owner: 'engine-b', ttlMs: TTL_MS, from: ['running'], epoch: 1 }),
          ]);
          return { run, wrote, taken: taken !== undefined };
        }),
      );

      for (const { run, wrote, taken } of outcomes) {
        Check.that(
          wrote !== taken,
          `run ${run.id}: the stale write ${wrote ? 'landed' : 'was refused'} and the takeover ${taken ? 'won' : 'lost'}; exactly one must win`,
        );
        const stored = await t.read(run.id);
        if (taken)
          Check.same(
            { owner: stored.owner, epoch: stored.epoch, steps: stored.steps },
            { owner: 'engine-b', epoch: 2, steps: [] },
            `run ${run.id}, taken over`,
          );
        else Check.that(stored.epoch === 1 && stored.recoveries.length === 0, `run ${run.id}: the write landed, so the run was not taken over`);
      }
    },
  },
  {
    name: 'fencing: a stale finishRun writes neither the end nor the steps it carries',
    async run(t) {
      const run = t.run();
      await t.create(run, t.lease('engine-a'));
      await t.recordStep(run.id, t.lease('engine-a'), t.step('fetch'));
      await t.advance(TTL_MS + 1);
      await t.takeOver(run.id, { kind: 'recovered', owner: 'engine-b', ttlMs: TTL_MS, from: ['running'], epoch: 1 });
      const steps = [t.step('fetch', { status: 'succeeded', finishedAt: t.clock.now(), output: '"late"' }), t.step('ship', { status: 'succeeded' })];

      await t.unchanged(
        run.id,
        () =>
          Check.refused(
            () => t.store.finishRun(run.id, t.lease('engine-a', 1), { status: 'succeeded', finishedAt: t.clock.now(), steps }),
            'the stale finishRun',
          ),
        'a stale finishRun with steps was refused',
      );
      const stored = await t.read(run.id);
      Check.same(
        { status: stored.status, owner: stored.owner, steps: stored.steps.map((step) => [step.name, step.status]) },
        { status: 'running', owner: 'engine-b', steps: [['fetch', 'running']] },
        'the run after the stale finishRun with steps',
      );
    },
  },
];
