import { BatonErrorCode, type InstanceRegistration, type InstanceRegistry } from '@baton/core';
import type { ConformanceCase } from './ConformanceCase.js';
import type { ContractFactory } from './ContractFactory.js';
import { Check } from './Internal/Check.js';
import { contractCases, type ContractCase } from './Internal/contractCases.js';

const instance = (id: string): InstanceRegistration => ({
  id,
  hostname: 'web-1',
  pid: 4242,
  version: '0.1.0',
  services: ['WorkflowEngine', 'Mailer'],
  workflows: ['sync'],
});

const CASES: readonly ContractCase<InstanceRegistry>[] = [
  {
    name: 'register lists the instance as running, with what it registered',
    run: async (registry) => {
      const record = await registry.register(instance('a'));
      Check.same({ ...record, startedAt: 0, heartbeatAt: 0 }, { ...instance('a'), startedAt: 0, heartbeatAt: 0, status: 'running' }, 'the registered instance');
      Check.that(record.heartbeatAt >= record.startedAt, 'heartbeatAt is not before startedAt');
      Check.same(await registry.list(), [record], 'list() has it');
      Check.that(registry.heartbeatIntervalMs > 0, 'heartbeatIntervalMs is positive');
    },
  },
  {
    name: 'heartbeat answers whether the instance is known and running',
    run: async (registry) => {
      await registry.register(instance('a'));
      Check.that((await registry.heartbeat('a')) === true, 'a registered instance heartbeats');
      Check.that((await registry.heartbeat('nobody')) === false, 'an unknown instance does not');
    },
  },
  {
    name: 'markStopped lists it as stopped, after the running ones; it heartbeats no more until it registers again',
    run: async (registry) => {
      await registry.register(instance('a'));
      await registry.register(instance('b'));
      await registry.markStopped('a');
      await registry.markStopped('nobody');
      const listed = await registry.list();
      Check.same(
        listed.map(({ id, status }) => [id, status]),
        [
          ['b', 'running'],
          ['a', 'stopped'],
        ],
        'running first, then stopped',
      );
      Check.that(listed[1]!.stoppedAt !== undefined, 'a stopped instance has its stoppedAt');
      Check.that((await registry.heartbeat('a')) === false, 'a stopped instance does not heartbeat');
      await registry.register(instance('a'));
      Check.same(
        (await registry.list()).map(({ status }) => status),
        ['running', 'running'],
        'registered again, it runs',
      );
    },
  },
  {
    name: 'register refuses an instance without an id, or with a pid that is not an integer, with BATON_ERR_RUNS_INVALID_INSTANCE',
    run: async (registry) => {
      await Check.fails(() => registry.register({ ...instance('a'), id: '' }), BatonErrorCode.RunsInvalidInstance, 'an empty id');
      await Check.fails(() => registry.register({ ...instance('a'), pid: 1.5 }), BatonErrorCode.RunsInvalidInstance, 'pid 1.5');
      Check.same(await registry.list(), [], 'nothing was registered');
    },
  },
];

/**
 * The InstanceRegistry conformance suite: register, heartbeat, mark stopped, list order, and bad registrations.
 * (When an instance turns `stale` depends on the registry's timeout and clock: test it with the implementation.)
 * @example
 * ```ts
 * for (const { name, run } of instanceRegistryConformance(({ clock }) => new InMemoryInstanceRegistry({ clock }))) it(name, run);
 * ```
 */
export function instanceRegistryConformance(factory: ContractFactory<InstanceRegistry>): ConformanceCase[] {
  return contractCases('InstanceRegistry', factory, CASES);
}
