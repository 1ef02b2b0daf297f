import type { ScheduleStore } from '@baton/core';
import type { ConformanceCase } from './ConformanceCase.js';
import type { ContractFactory } from './ContractFactory.js';
import { Check } from './Internal/Check.js';
import { contractCases, type ContractCase } from './Internal/contractCases.js';

const UNTIL = Date.UTC(2030, 0, 1);

const CASES: readonly ContractCase<ScheduleStore>[] = [
  {
    name: 'a new store has no states',
    run: async (store) => Check.same(await store.states(), [], 'states() of an empty store'),
  },
  {
    name: 'setPaused stores the pause with its end, and a resume clears the end',
    run: async (store) => {
      const paused = await store.setPaused('sync', true, UNTIL);
      Check.same({ ...paused, updatedAt: 0 }, { workflow: 'sync', paused: true, pausedUntil: UNTIL, updatedAt: 0 }, 'the paused state');
      Check.that(Number.isFinite(paused.updatedAt), 'a pause has its updatedAt');
      Check.same(await store.states(), [paused], 'states() reads it back');
      const resumed = await store.setPaused('sync', false);
      Check.same({ ...resumed, updatedAt: 0 }, { workflow: 'sync', paused: false, updatedAt: 0 }, 'the resumed state has no pausedUntil');
      Check.same(await store.states(), [resumed], 'one state per workflow');
    },
  },
  {
    name: 'recordSlot keeps the latest slot, and an older one changes nothing',
    run: async (store) => {
      Check.that(typeof store.recordSlot === 'function', 'the store has recordSlot (pass { recordSlot: false } for a store without it)');
      await store.recordSlot!('sync', 2_000);
      await store.recordSlot!('sync', 1_000);
      const [state] = await store.states();
      Check.same(state, { workflow: 'sync', paused: false, lastSlot: 2_000 }, 'a state that only records slots has no updatedAt');
      await store.setPaused('sync', true);
      await store.recordSlot!('sync', 3_000);
      const [later] = await store.states();
      Check.same({ ...later, updatedAt: 0 }, { workflow: 'sync', paused: true, lastSlot: 3_000, updatedAt: 0 }, 'a pause keeps the slot, and a slot the pause');
    },
  },
  {
    name: 'claimAnchor stores the first anchor and resolves with it ever after, and an anchor alone is not a state',
    run: async (store) => {
      Check.that(typeof store.claimAnchor === 'function', 'the store has claimAnchor (pass { claimAnchor: false } for a store without it)');
      Check.same(await store.claimAnchor!('sync', 1_000), 1_000, 'the first claim stores its anchor');
      Check.same(await store.claimAnchor!('sync', 2_000), 1_000, 'a later claim gets the stored anchor');
      Check.same(await store.states(), [], 'states() does not list a workflow for its anchor');
      await store.setPaused('sync', true);
      Check.same(await store.claimAnchor!('sync', 3_000), 1_000, 'a pause keeps the anchor');
      Check.same(await store.claimAnchor!('other', 4_000), 4_000, 'each workflow has an anchor of its own');
    },
  },
  {
    name: 'claimAnchor: concurrent callers agree on one of their anchors',
    run: async (store) => {
      Check.that(typeof store.claimAnchor === 'function', 'the store has claimAnchor (pass { claimAnchor: false } for a store without it)');
      const offered = [5_000, 5_001, 5_002, 5_003, 5_004, 5_005, 5_006, 5_007];
      const anchors = await Promise.all(offered.map((anchor) => store.claimAnchor!('race', anchor)));
      Check.that(offered.includes(anchors[0]!), `the anchor is one that was offered; got ${String(anchors[0])}`);
      Check.same(new Set(anchors).size, 1, `every caller gets the same anchor; got ${JSON.stringify(anchors)}`);
    },
  },
  {
    name: 'workflows have states of their own',
    run: async (store) => {
      await store.setPaused('a', true);
      await store.setPaused('b', true, UNTIL);
      await store.setPaused('b', false);
      const states = (await store.states()).sort((x, y) => x.workflow.localeCompare(y.workflow));
      Check.same(
        states.map(({ workflow, paused, pausedUntil }) => ({ workflow, paused, pausedUntil })),
        [
          { workflow: 'a', paused: true, pausedUntil: undefined },
          { workflow: 'b', paused: false, pausedUntil: undefined },
        ],
        'two workflows, two states',
      );
    },
  },
];

/** Options of {@link scheduleStoreConformance}. */
export interface ScheduleStoreConformanceOptions {
  /** Whether the store implements the optional `recordSlot`, which one case checks. Defaults to true: a store without it fails that case unless this is false. */
  readonly recordSlot?: boolean;
  /** Whether the store implements the optional `claimAnchor`, which two cases check. Defaults to true: a store without it fails them unless this is false. */
  readonly claimAnchor?: boolean;
}

/**
 * The ScheduleStore conformance suite: pause with an end and resume, the latest slot kept (`recordSlot`), the first
 * anchor kept and agreed on by concurrent callers (`claimAnchor`), states per workflow.
 * @example
 * ```ts
 * for (const { name, run } of scheduleStoreConformance(({ clock }) => new InMemoryScheduleStore(clock))) it(name, run);
 * ```
 */
export function scheduleStoreConformance(factory: ContractFactory<ScheduleStore>, options: ScheduleStoreConformanceOptions = {}): ConformanceCase[] {
  const { recordSlot = true, claimAnchor = true } = options;
  const cases = CASES.filter(
    (definition) => (recordSlot || !definition.name.startsWith('recordSlot')) && (claimAnchor || !definition.name.startsWith('claimAnchor')),
  );
  return contractCases('ScheduleStore', factory, cases);
}
