import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { TTL_MS } from './ConformanceContext.js';

/** Leases: renewed by every applied write and by renewLeases, released by finishRun, expired by time. */
export const leaseCases: readonly CaseDefinition[] = [
  {
    name: "leases: every applied write renews the lease to the store's now + ttlMs, and finishRun releases it",
    async run(t) {
      const run = t.run();
      const start = await t.now();
      await t.create(run, t.lease('engine-a', 1, TTL_MS));
      Check.that((await t.read(run.id)).leaseExpiresAt === start + TTL_MS, 'createRun leases the run until now + ttlMs');

      await t.advance(10_000);
      await t.recordStep(run.id, t.lease('engine-a', 1, 60_000), t.step('fetch'));
      Check.that((await t.read(run.id)).leaseExpiresAt === start + 10_000 + 60_000, 'recordStep renews the lease to now + its ttlMs');

      await t.advance(5_000);
      await t.recordStep(run.id, t.lease('engine-a', 1, 20_000), t.step('fetch', { status: 'succeeded', finishedAt: t.clock.now() }));
      Check.that((await t.read(run.id)).leaseExpiresAt === start + 15_000 + 20_000, 'recordStep sets the lease to now + its ttlMs, even when that is sooner');

      await t.finishRun(run.id, t.lease('engine-a', 1, 20_000), { status: 'succeeded', finishedAt: t.clock.now() });
      const finished = await t.read(run.id);
      Check.same({ status: finished.status, leaseExpiresAt: finished.leaseExpiresAt }, { status: 'succeeded' }, 'a finished run holds no lease');
    },
  },
  {
    name: "leases: renewLeases renews the owner's running runs and reports the ones it could not",
    async run(t) {
      const live = t.run();
      const taken = t.run();
      const finished = t.run();
      const theirs = t.run();
      for (const run of [live, taken, finished]) await t.create(run, t.lease('engine-a'));
      await t.create(theirs, t.lease('engine-b'));
      await t.finishRun(finished.id, t.lease('engine-a'), { status: 'succeeded', finishedAt: t.clock.now() });
      await t.advance(TTL_MS + 1);
      await t.takeOver(taken.id, { kind: 'recovered', owner: 'engine-c', ttlMs: TTL_MS, from: ['running'], epoch: 1 });
      const unknown = t.id();
      const before = await Promise.all([taken, finished, theirs].map((run) => t.read(run.id)));

      const now = await t.now();
      const lost = await t.store.renewLeases(
        'engine-a',
        45_000,
        [live, taken, finished, theirs, { id: unknown, epoch: 1 }].map(({ id }) => ({ id, epoch: 1 })),
      );

      Check.same(
        [...lost].sort(),
        [taken.id, finished.id, theirs.id, unknown].sort(),
        "the ids renewLeases could not renew: taken over, finished, another owner's, unknown",
      );
      Check.that((await t.read(live.id)).leaseExpiresAt === now + 45_000, 'renewLeases renews a run the owner holds to now + ttlMs, even once expired');
      Check.same(
        await Promise.all([taken, finished, theirs].map((run) => t.read(run.id))),
        before,
        'runs whose lease renewLeases could not renew are unchanged',
      );

      Check.same(await t.store.renewLeases('engine-a', 45_000, [{ id: live.id, epoch: 2 }]), [live.id], 'renewLeases at an epoch the run is not at');
      Check.same(await t.store.renewLeases('engine-a', 45_000, []), [], 'renewLeases of no runs');
    },
  },
  {
    name: 'leases: expiredRuns lists the running runs whose lease has expired, oldest lease first, up to the limit',
    async run(t) {
      const start = await t.now();
      const [first, second, third, finished] = [t.run(), t.run(), t.run(), t.run()];
      await t.create(first, t.lease('engine-a', 1, 10_000));
      await t.create(second, t.lease('engine-a', 1, 20_000));
      await t.create(third, t.lease('engine-a', 1, 30_000));
      await t.create(finished, t.lease('engine-a', 1, 5_000));
      await t.finishRun(finished.id, t.lease('engine-a', 1, 5_000), { status: 'failed', finishedAt: start });
      const ids = async (limit = 10): Promise<string[]> => (await t.store.expiredRuns(limit)).map((run) => run.id);

      Check.same(await ids(), [], 'expiredRuns before any lease expired');
      await t.advance(9_999);
      Check.same(await ids(), [], 'expiredRuns 1 ms before the first lease expires');
      await t.advance(2);
      Check.same(await ids(), [first.id], 'expiredRuns 1 ms after the first lease expired');
      await t.advance(10_000);
      Check.same(await ids(), [first.id, second.id], 'expiredRuns once two leases expired, oldest lease first');
      Check.same(await ids(1), [first.id], 'expiredRuns(1)');
      Check.same(await t.store.expiredRuns(10), [await t.read(first.id), await t.read(second.id)], 'expiredRuns gives the runs as getRun does');

      await t.recordStep(first.id, t.lease('engine-a', 1, 30_000), t.step('fetch'));
      Check.same(await ids(), [second.id], 'expiredRuns after a write renewed the first lease');
      await t.advance(10_000);
      Check.same(await ids(), [second.id, third.id], 'expiredRuns once the third lease expired too');
      await t.advance(30_000);
      Check.same(await ids(), [second.id, third.id, first.id], 'expiredRuns once every lease expired, oldest lease first');
    },
  },
];
