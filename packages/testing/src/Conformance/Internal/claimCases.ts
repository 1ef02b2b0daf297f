import type { CaseDefinition } from './CaseDefinition.js';
import { Check } from './Check.js';
import { WORKFLOW } from './ConformanceContext.js';

/** Claim = create: one run per (workflow, slot), whoever asks, and manual runs apart. */
export const claimCases: readonly CaseDefinition[] = [
  {
    name: 'claims: a created run reads back as written, with its owner and lease',
    async run(t) {
      const run = t.run({ input: '{"sku":"A-1"}', inputSummary: '{"sku":"A-1"}' });
      const expected = await t.create(run, t.lease('engine-a'));

      Check.same(await t.read(run.id), expected, 'getRun after createRun');
      Check.same(await t.store.listRuns(WORKFLOW), [expected], 'listRuns after createRun');
      Check.same(await t.store.lastRun(WORKFLOW), expected, 'lastRun after createRun');
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === run.scheduledAt, 'lastScheduledAt is the slot of the run created');
      Check.that((await t.store.getRun(t.id())) === undefined, 'getRun of an unknown id resolves undefined');
      Check.that((await t.store.lastRun('no-such-workflow')) === undefined, 'lastRun of a workflow without runs resolves undefined');
      Check.that((await t.store.lastScheduledAt('no-such-workflow')) === undefined, 'lastScheduledAt of a workflow without runs resolves undefined');
      Check.same(await t.store.listRuns('no-such-workflow'), [], 'listRuns of a workflow without runs');
    },
  },
  {
    name: 'claims: of two concurrent createRun calls for one slot, exactly one creates the run',
    async run(t) {
      const slot = t.clock.now();
      const mine = t.run({ scheduledAt: slot });
      const theirs = t.run({ scheduledAt: slot });
      const claimed = await Promise.all([t.claim(mine, t.lease('engine-a')), t.claim(theirs, t.lease('engine-b'))]);

      Check.same([...claimed].sort(), [false, true], 'createRun results of two engines claiming one slot');
      const [winner, loser] = claimed[0] ? [mine, theirs] : [theirs, mine];
      Check.that((await t.read(winner.id)).owner === (claimed[0] ? 'engine-a' : 'engine-b'), 'the run is owned by the engine whose createRun resolved true');
      Check.that((await t.store.getRun(loser.id)) === undefined, 'the run of the engine whose createRun resolved false is not in the store');
      Check.same(
        (await t.store.listRuns(WORKFLOW)).map((run) => run.id),
        [winner.id],
        'the runs of the slot',
      );

      Check.that((await t.claim(t.run({ scheduledAt: slot }), t.lease('engine-c'))) === false, 'a later createRun for a taken slot resolves false');
      Check.that(await t.claim(t.run({ scheduledAt: slot + 60_000 })), 'createRun for the next slot resolves true');
      Check.that(await t.claim(t.run({ workflow: 'other', scheduledAt: slot })), 'createRun for the same slot of another workflow resolves true');
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === slot + 60_000, 'lastScheduledAt is the latest slot created');
    },
  },
  {
    name: 'claims: many engines racing for many slots create each slot once',
    async run(t) {
      const slots = Array.from({ length: 20 }, (_, index) => t.clock.now() + index * 60_000);
      const attempts = slots.flatMap((slot) => ['engine-a', 'engine-b', 'engine-c'].map((owner) => ({ owner, run: t.run({ scheduledAt: slot }) })));
      const claimed = await Promise.all(attempts.map(({ owner, run }) => t.claim(run, t.lease(owner))));

      const winners = attempts.filter((_, index) => claimed[index]);
      Check.same(winners.map(({ run }) => run.scheduledAt).sort(), [...slots].sort(), 'the slots created, one true per slot');
      const stored = await t.store.listRuns(WORKFLOW);
      Check.same(stored.map((run) => run.id).sort(), winners.map(({ run }) => run.id).sort(), 'the runs in the store are the winners');
      Check.that(stored.length === slots.length, `the store holds ${stored.length} runs for ${slots.length} slots`);
    },
  },
  {
    name: 'claims: manual runs never conflict, with each other or with a slot',
    async run(t) {
      const at = t.clock.now();
      Check.that(await t.claim(t.run({ trigger: 'manual', scheduledAt: at })), 'a manual run is created');
      Check.that(await t.claim(t.run({ trigger: 'manual', scheduledAt: at })), 'a second manual run at the same instant is created');
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === undefined, 'manual runs give no lastScheduledAt');
      Check.that(await t.claim(t.run({ trigger: 'schedule', scheduledAt: at })), 'a scheduled run at the instant of manual runs is created');
      Check.that(await t.claim(t.run({ trigger: 'manual', scheduledAt: at })), 'a manual run at a taken slot is created');
      Check.that((await t.store.listRuns(WORKFLOW)).length === 4, 'all four runs are in the store');
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === at, "lastScheduledAt is the scheduled run's slot");
    },
  },
  {
    name: 'claims: a skipped record claims its slot too',
    async run(t) {
      const slot = t.clock.now();
      const skipped = t.skipped({ scheduledAt: slot });
      await t.create(skipped);

      Check.that((await t.claim(t.run({ scheduledAt: slot }), t.lease('engine-b'))) === false, 'createRun for the slot of a skipped record resolves false');
      const stored = await t.read(skipped.id);
      Check.same(
        { status: stored.status, skipReason: stored.skipReason, finishedAt: stored.finishedAt, leaseExpiresAt: stored.leaseExpiresAt },
        { status: 'skipped', skipReason: 'overlap', finishedAt: skipped.finishedAt },
        'the skipped record, which holds no lease',
      );
      Check.that((await t.store.lastScheduledAt(WORKFLOW)) === slot, 'a skipped record gives lastScheduledAt');
      await t.advance(10 * 60_000);
      Check.same(await t.store.expiredRuns(10), [], 'expiredRuns never lists a skipped record');
    },
  },
];
