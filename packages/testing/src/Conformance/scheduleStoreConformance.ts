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
      await store.recordSlot('sync', 2_000);
      await store.recordSlot('sync', 1_000);
      const [state] = await store.states();
      Check.same(state, { workflow: 'sync', paused: false, lastSlot: 2_000 }, 'a state that only records slots has no updatedAt');
      await store.setPaused('sync', true);
      await store.recordSlot('sync', 3_000);
      const [later] = await store.states();
      Check.same({ ...later, updatedAt: 0 }, { workflow: 'sync', paused: true, lastSlot: 3_000, updatedAt: 0 }, 'a pause keeps the slot, and a slot the pause');
    },
  },
  {
    name: 'workflows have states of their own',
    run: async (store) => {
      await store.setPaused('a', true);
      await store.recordSlot('b', 5_000);
      const states = (await store.states()).sort((x, y) => x.workflow.localeCompare(y.workflow));
      Check.same(
        states.map(({ workflow, paused, lastSlot }) => ({ workflow, paused, lastSlot })),
        [
          { workflow: 'a', paused: true, lastSlot: undefined },
          { workflow: 'b', paused: false, lastSlot: 5_000 },
        ],
        'two workflows, two states',
      );
    },
  },
];

/**
 * The ScheduleStore conformance suite: pause with an end and resume, the latest slot kept, states per workflow.
 * @example
 * ```ts
 * for (const { name, run } of scheduleStoreConformance(({ clock }) => new InMemoryScheduleStore(clock))) it(name, run);
 * ```
 */
export function scheduleStoreConformance(factory: ContractFactory<ScheduleStore>): ConformanceCase[] {
  return contractCases('ScheduleStore', factory, CASES);
}
