// Acceptance: every run gets its own DI scope, disposed exactly once whatever the outcome, before the run is reported.
import { Clock, defineWorkflow, token } from '@baton/core';
import type { RunStatus, Workflow } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';
import type { TestHost } from '../TestHost.js';

const start = Date.UTC(2026, 0, 1);

interface Connection {
  readonly id: number;
}
const Connection = token<Connection>('acceptance/Connection');

/** Never settles on its own; rejects with the signal's reason once it aborts. */
const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

type Scenario = {
  readonly workflow: Workflow<undefined, unknown>;
  /** Drives the run to its end; resolves once the host may be inspected. */
  readonly drive: (t: TestHost, runIds: string[]) => Promise<void>;
};

const scenarios: Record<string, Scenario> = {
  succeeded: {
    workflow: defineWorkflow('job').step('use', ({ get }) => get(Connection).id),
    drive: async (t) => {
      const run = t.workflows.trigger('job');
      await t.advance(0);
      await run;
    },
  },
  failed: {
    workflow: defineWorkflow('job').step('use', ({ get }) => {
      get(Connection);
      throw new Error('query failed');
    }),
    drive: async (t) => {
      const run = t.workflows.trigger('job');
      await t.advance(0);
      await run;
    },
  },
  timed_out: {
    workflow: defineWorkflow('job')
      .options({ timeout: '10s' })
      .step('use', ({ get, signal }) => {
        get(Connection);
        return untilAborted(signal);
      }),
    drive: async (t) => {
      const run = t.workflows.trigger('job');
      // Past the 10 s timeout: advance covers [now, now + d), and the timeout is due at 10 s.
      await t.advance('11s');
      await run;
    },
  },
  'cancelled by Workflows.cancel': {
    workflow: defineWorkflow('job').step('use', async ({ get, signal }) => {
      get(Connection);
      await get(Clock).sleep(3_600_000, signal);
      signal.throwIfAborted();
    }),
    drive: async (t, runIds) => {
      const run = t.workflows.trigger('job');
      await t.advance('1s');
      expect(await t.workflows.cancel(runIds[0]!)).toBe(true);
      await t.advance(0);
      await run;
    },
  },
  'cancelled by the host stopping': {
    workflow: defineWorkflow('job').step('use', ({ get, signal }) => {
      get(Connection);
      return untilAborted(signal);
    }),
    drive: async (t) => {
      const run = t.workflows.trigger('job');
      await t.advance('1s');
      await t.stop();
      await run;
    },
  },
};

describe(createTestHost, () => {
  describe('when a run resolves a scoped disposable service', () => {
    it.each<[string, RunStatus]>([
      ['succeeded', 'succeeded'],
      ['failed', 'failed'],
      ['timed_out', 'timed_out'],
      ['cancelled by Workflows.cancel', 'cancelled'],
      ['cancelled by the host stopping', 'cancelled'],
    ])('should dispose the run scope exactly once when the run is %s', async (scenario, status) => {
      const { workflow, drive } = scenarios[scenario]!;
      const journal: string[] = [];
      let created = 0;
      const t = await createTestHost(
        (builder) => {
          builder.services.addScoped(Connection, {
            useFactory: () => {
              const id = ++created;
              return {
                id,
                [Symbol.asyncDispose]: async () => void journal.push(`dispose connection ${id}`),
              };
            },
          });
          builder.addWorkflow(workflow.uses(Connection));
        },
        { start },
      );
      const runIds: string[] = [];
      t.workflows.on('run.started', ({ run }) => void runIds.push(run.id));
      t.workflows.on('run.finished', ({ run }) => void journal.push(`run ${run.status}`));

      await drive(t, runIds);
      await t.stop();

      expect(journal).toStrictEqual(['dispose connection 1', `run ${status}`]);
      expect(await t.statuses('job')).toStrictEqual([status]);
    });
  });

  describe('when two runs overlap', () => {
    it('should give each its own scoped instance', async () => {
      const ids: number[] = [];
      const disposed: number[] = [];
      let created = 0;
      const workflow = defineWorkflow('pair')
        .uses(Connection)
        .step('use', async ({ get, signal }) => {
          ids.push(get(Connection).id);
          await get(Clock).sleep(1_000, signal);
          return get(Connection).id;
        });
      const t = await createTestHost(
        (builder) => {
          builder.services.addScoped(Connection, {
            useFactory: () => {
              const id = ++created;
              return { id, [Symbol.asyncDispose]: async () => void disposed.push(id) };
            },
          });
          builder.addWorkflow(workflow);
        },
        { start },
      );

      const runs = Promise.all([t.workflows.trigger('pair'), t.workflows.trigger('pair')]);
      // Past the steps' 1 s sleep, which is due at the end of [0, 1s).
      await t.advance('2s');
      const [first, second] = await runs;
      await t.stop();

      expect([ids, first.outputSummary, second.outputSummary, disposed.sort()]).toStrictEqual([[1, 2], '1', '2', [1, 2]]);
    });
  });
});
