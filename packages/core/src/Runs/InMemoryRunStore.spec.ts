// What is particular to the in-memory store: its options and what it keeps. The RunStore contract itself (claims,
// fencing, leases, takeovers, checkpoints, queries, retention by setRetention, copies) is checked by @baton/testing's
// conformance suite, which runs against this store in packages/testing/src/Conformance.
import { beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { InMemoryRunStore, type InMemoryRunStoreOptions } from './InMemoryRunStore.js';
import type { RunLease } from './RunLease.js';
import type { RunRecord } from './RunRecord.js';

const LEASE: RunLease = { owner: 'engine-a', epoch: 1, ttlMs: 30_000 };
let slots = 0;

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  const scheduledAt = ++slots * 60_000;
  return {
    id: `r${slots}`,
    workflow: 'wf',
    status: 'running',
    trigger: 'schedule',
    scheduledAt,
    idempotencyKey: `wf@${scheduledAt}`,
    startedAt: scheduledAt,
    attempt: 1,
    epoch: 1,
    recoveries: [],
    steps: [],
    ...overrides,
  };
}

/** Creates a run and finishes it at the clock's now; returns its id. */
function finished(store: InMemoryRunStore, clock: FakeClock, overrides: Partial<RunRecord> = {}): string {
  const record = run(overrides);
  store.createRun(record, LEASE);
  store.finishRun(record.id, LEASE, { status: 'succeeded', finishedAt: clock.now() });
  return record.id;
}

async function ids(store: InMemoryRunStore, workflow = 'wf'): Promise<string[]> {
  return (await store.listRuns(workflow)).map((record) => record.id);
}

describe(InMemoryRunStore, () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  describe('when the options are bad', () => {
    it.each<[string, InMemoryRunStoreOptions]>([
      ['an unknown key', { maxRuns: 3 } as InMemoryRunStoreOptions],
      ['maxRunsPerWorkflow 0', { maxRunsPerWorkflow: 0 }],
      ['maxRunsPerWorkflow -1', { maxRunsPerWorkflow: -1 }],
      ['maxRunsPerWorkflow 1.5', { maxRunsPerWorkflow: 1.5 }],
      ['maxRunsPerWorkflow NaN', { maxRunsPerWorkflow: Number.NaN }],
      ['maxAgeMs 0', { maxAgeMs: 0 }],
      ['maxAgeMs -1', { maxAgeMs: -1 }],
      ['maxAgeMs NaN', { maxAgeMs: Number.NaN }],
    ])('should reject %s', (_, options) => {
      expect(codeOf(() => new InMemoryRunStore(options))).toBe(BatonErrorCode.RunsInvalidOptions);
    });

    it.each([0, -1, 2.5])('should reject a retention of %s', async (maxRuns) => {
      const error = await new InMemoryRunStore().setRetention('wf', maxRuns).catch((thrown: unknown) => thrown);

      expect(BatonError.is(error, BatonErrorCode.RunsInvalidOptions)).toBe(true);
    });
  });

  describe('when a workflow has more runs than maxRunsPerWorkflow', () => {
    it('should keep the newest finished runs and every running one', async () => {
      const store = new InMemoryRunStore({ clock, maxRunsPerWorkflow: 2 });
      const inFlight = run();
      store.createRun(inFlight, LEASE);
      const done = [finished(store, clock), finished(store, clock), finished(store, clock)];

      expect(await ids(store)).toStrictEqual([done[2], inFlight.id]);
    });

    it('should keep 100 runs a workflow by default', async () => {
      const store = new InMemoryRunStore({ clock });
      const done = Array.from({ length: 101 }, () => finished(store, clock));

      expect(await ids(store)).toStrictEqual(done.slice(1).reverse());
    });

    it('should let setRetention override the limit for one workflow', async () => {
      const store = new InMemoryRunStore({ clock, maxRunsPerWorkflow: 2 });
      await store.setRetention('wf', 3);
      const done = Array.from({ length: 4 }, () => finished(store, clock));
      const others = Array.from({ length: 3 }, () => finished(store, clock, { workflow: 'other' }));

      expect(await ids(store)).toStrictEqual(done.slice(1).reverse());
      expect(await ids(store, 'other')).toStrictEqual(others.slice(1).reverse());
    });
  });

  describe('when an ended run is taken over', () => {
    it('should keep it while it runs again, and drop it by its new end', async () => {
      const store = new InMemoryRunStore({ clock, maxRunsPerWorkflow: 2 });
      const reopened = finished(store, clock);
      const first = finished(store, clock);
      const taken = await store.takeOver(reopened, { kind: 'resumed', owner: 'engine-b', ttlMs: 30_000, from: ['succeeded'], epoch: 1 });
      const second = finished(store, clock);
      expect(taken?.status).toBe('running');
      expect(await ids(store)).toStrictEqual([second, reopened]);
      expect(await store.getRun(first)).toBeUndefined();

      store.finishRun(reopened, { owner: 'engine-b', epoch: 2, ttlMs: 30_000 }, { status: 'failed', finishedAt: clock.now() });
      const third = finished(store, clock);

      expect(await ids(store)).toStrictEqual([third, reopened]);
      expect((await store.getRun(reopened))?.status).toBe('failed');
      expect((await store.getRun(reopened))?.recoveries.map((recovery) => recovery.owner)).toStrictEqual(['engine-b']);
    });
  });

  describe('when maxAgeMs is set', () => {
    it('should drop the runs finished longer ago than that at the next write, and never a running one', async () => {
      const store = new InMemoryRunStore({ clock, maxAgeMs: 60_000 });
      const old = finished(store, clock);
      const inFlight = run();
      store.createRun(inFlight, LEASE);
      clock.jump(30_000);
      const recent = finished(store, clock);
      clock.jump(30_000);
      finished(store, clock, { id: 'at-the-limit' });
      expect(await ids(store)).toContain(old);

      clock.jump(1);
      const next = finished(store, clock);

      expect([...(await ids(store))].sort()).toStrictEqual(['at-the-limit', inFlight.id, next, recent].sort());
      expect(await store.getRun(old)).toBeUndefined();
    });
  });

  describe('when a record is read back', () => {
    it('should be frozen all the way down', async () => {
      const store = new InMemoryRunStore({ clock });
      const record = run();
      store.createRun(record, LEASE);
      store.recordStep(record.id, LEASE, {
        name: 'a',
        status: 'failed',
        attempts: 1,
        startedAt: 1,
        error: { name: 'Error', message: 'x' },
        attemptErrors: [{ name: 'Error', message: 'x' }],
      });
      const stored = (await store.getRun(record.id))!;

      expect(
        [stored, stored.steps, stored.steps[0], stored.steps[0]!.error, stored.steps[0]!.attemptErrors, stored.steps[0]!.attemptErrors![0]].every(
          Object.isFrozen,
        ),
      ).toBe(true);
    });
  });

  describe('when runs in flight come and go one at a time', () => {
    it('should return expired runs of the same expiry in the order they were created', async () => {
      const store = new InMemoryRunStore({ clock });
      const created = [run(), run(), run(), run(), run()];
      const [first, second, third, fourth, fifth] = created.map((record) => record.id);
      const finish = (id: string | undefined): void => store.finishRun(id!, LEASE, { status: 'succeeded', finishedAt: clock.now() });
      store.createRun(created[0]!, LEASE);
      store.createRun(created[1]!, LEASE);
      store.createRun(created[2]!, LEASE);
      finish(second);
      store.createRun(created[3]!, LEASE);
      finish(first);
      store.createRun(created[4]!, LEASE);
      clock.jump(LEASE.ttlMs + 1);

      const expired = await store.expiredRuns(10);

      expect(expired.map((record) => record.id)).toEqual([third, fourth, fifth]);
    });
  });
});
