import type { RunRecord, TakeOver } from '@baton/core';
import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS, type ConformanceContext } from './ConformanceContext.js';

const RECOVER: TakeOver = { kind: 'recovered', owner: 'engine-b', ttlMs: 45_000, from: ['running'], epoch: 1 };

/** Checks that `takeOver` does not take run `id`, and changes nothing. */
async function expectKept(t: ConformanceContext, id: string, takeOver: TakeOver, why: string): Promise<void> {
  await t.unchanged(
    id,
    async () => Check.that((await t.store.takeOver(id, takeOver)) === undefined, `takeOver ${why} resolved a run; expected undefined`),
    `takeOver ${why} did not take the run`,
  );
}

/** A run of `engine-a` with two steps recorded, one of them done with its checkpoint. */
async function runWithSteps(t: ConformanceContext): Promise<RunRecord> {
  const run = t.run({ input: '{"batch":7}' });
  await t.create(run, t.lease('engine-a'));
  await t.recordStep(
    run.id,
    t.lease('engine-a'),
    t.step('fetch', { status: 'succeeded', finishedAt: t.clock.now(), output: '[1,2,3]', outputSummary: '[1,2,3]' }),
  );
  await t.recordStep(run.id, t.lease('engine-a'), t.step('store'));
  return t.read(run.id);
}

/** takeOver: a new owner at epoch + 1, on its conditions, recorded on the run. */
export const takeOverCases: readonly CaseDefinition[] = [
  {
    name: 'takeOver: a running run is taken only once its lease has expired, at the epoch read, and the takeover is recorded',
    async run(t) {
      const before = await runWithSteps(t);
      await expectKept(t, before.id, RECOVER, 'of a run whose lease is live');
      await t.advance(TTL_MS + 1);
      await expectKept(t, before.id, { ...RECOVER, epoch: 2 }, 'at an epoch the run is not at');
      await expectKept(t, before.id, { ...RECOVER, from: ['failed', 'cancelled'] }, 'from statuses the run is not in');
      Check.that((await t.store.takeOver(t.id(), RECOVER)) === undefined, 'takeOver of an unknown run resolves undefined');

      const now = await t.now();
      const taken = await t.takeOver(before.id, RECOVER);
      const expected: RunRecord = {
        ...before,
        status: 'running',
        owner: 'engine-b',
        epoch: 2,
        attempt: 2,
        leaseExpiresAt: now + 45_000,
        recoveries: [{ kind: 'recovered', at: now, previousOwner: 'engine-a', previousEpoch: 1, owner: 'engine-b', epoch: 2 }],
      };
      Check.same(taken, expected, 'the run as takeOver resolved it');
      Check.same(await t.read(before.id), expected, 'the run after takeOver');
      await expectKept(t, before.id, RECOVER, 'again at the epoch it was taken at');
      Check.same(await t.store.expiredRuns(10), [], 'expiredRuns once the run was taken over');
    },
  },
  {
    name: 'takeOver: with expiredOnly false, a running run is taken while its lease is live',
    async run(t) {
      const before = await runWithSteps(t);
      const taken = await t.takeOver(before.id, { ...RECOVER, kind: 'resumed', expiredOnly: false });

      Check.same({ owner: taken.owner, epoch: taken.epoch, attempt: taken.attempt }, { owner: 'engine-b', epoch: 2, attempt: 2 }, 'the run taken over');
      Check.same(
        taken.recoveries.map((recovery) => recovery.kind),
        ['resumed'],
        'the recoveries of the run',
      );
    },
  },
  {
    name: 'takeOver: of concurrent takeovers at one epoch, exactly one wins',
    async run(t) {
      const runs = Array.from({ length: 10 }, () => t.run());
      for (const run of runs) await t.create(run, t.lease('engine-a'));
      await t.advance(TTL_MS + 1);
      const contenders = ['engine-b', 'engine-c', 'engine-d'];

      const results = await Promise.all(runs.map((run) => Promise.all(contenders.map((owner) => t.store.takeOver(run.id, { ...RECOVER, owner })))));

      for (const [index, run] of runs.entries()) {
        const won = results[index]!.flatMap((taken, at) => (taken === undefined ? [] : [contenders[at]!]));
        Check.that(won.length === 1, `run ${run.id} was taken by ${won.length} of ${contenders.length} concurrent takeovers at one epoch: ${won.join(', ')}`);
        const stored = await t.read(run.id);
        Check.same(
          { owner: stored.owner, epoch: stored.epoch, recoveries: stored.recoveries.length },
          { owner: won[0], epoch: 2, recoveries: 1 },
          `run ${run.id} after the race`,
        );
        const loser = contenders.find((owner) => owner !== won[0])!;
        await Check.refused(
          () => t.store.recordStep(run.id, t.lease(loser, 2), t.step('late')),
          `recordStep of run ${run.id} by ${loser}, which lost the takeover`,
        );
        await t.recordStep(run.id, t.lease(won[0], 2), t.step('resumed'));
      }
    },
  },
  {
    name: 'takeOver: a finished run is reopened, with finishedAt, error and outputSummary cleared and its steps kept',
    async run(t) {
      const run = (await runWithSteps(t)).id;
      await t.recordStep(
        run,
        t.lease('engine-a'),
        t.step('store', { status: 'failed', finishedAt: t.clock.now(), error: { name: 'Error', message: 'disk full' } }),
      );
      await t.finishRun(run, t.lease('engine-a'), {
        status: 'failed',
        finishedAt: t.clock.now(),
        error: { name: 'Error', message: 'disk full' },
        outputSummary: 'partial',
      });
      const failed = await t.read(run);
      await expectKept(t, run, { ...RECOVER, kind: 'retried', from: ['succeeded', 'compensated'] }, 'of a failed run from other statuses');

      await t.advance(1_000);
      const now = await t.now();
      const retry: TakeOver = { kind: 'retried', owner: 'engine-b', ttlMs: 45_000, from: ['failed'], epoch: 1 };
      const taken = await t.takeOver(run, retry);
      const { finishedAt: _finishedAt, error: _error, outputSummary: _outputSummary, ...open } = failed;
      const expected: RunRecord = {
        ...open,
        status: 'running',
        owner: 'engine-b',
        epoch: 2,
        attempt: 2,
        leaseExpiresAt: now + 45_000,
        recoveries: [{ kind: 'retried', at: now, previousEpoch: 1, owner: 'engine-b', epoch: 2 }],
      };
      Check.same(taken, expected, 'the failed run as takeOver reopened it');
      Check.same(await t.read(run), expected, 'the failed run after takeOver');
      await Check.refused(
        () => t.store.finishRun(run, t.lease('engine-a'), { status: 'succeeded', finishedAt: t.clock.now() }),
        'finishRun by the owner before the takeover',
      );

      await t.advance(45_001);
      Check.same(
        (await t.store.expiredRuns(10)).map((record) => record.id),
        [run],
        "expiredRuns once the reopened run's lease expired",
      );
      const again = await t.takeOver(run, { ...RECOVER, owner: 'engine-c', epoch: 2 });
      Check.same(
        again.recoveries.map(({ kind, previousOwner, previousEpoch, owner, epoch }) => ({ kind, previousOwner, previousEpoch, owner, epoch })),
        [
          { kind: 'retried', previousEpoch: 1, owner: 'engine-b', epoch: 2 },
          { kind: 'recovered', previousOwner: 'engine-b', previousEpoch: 2, owner: 'engine-c', epoch: 3 },
        ],
        'the recoveries of a run taken over twice, oldest first',
      );
      Check.that(again.attempt === 3, `the attempt after two takeovers is ${again.attempt}; expected 3`);
      await t.finishRun(run, t.lease('engine-c', 3), { status: 'succeeded', finishedAt: t.clock.now(), outputSummary: 'done' });
      const done = await t.read(run);
      Check.same(
        { status: done.status, outputSummary: done.outputSummary, error: done.error },
        { status: 'succeeded', outputSummary: 'done' },
        'the retried run once its new owner finished it',
      );
    },
  },
];
