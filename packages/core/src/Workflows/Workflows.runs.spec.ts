// Manual operations on runs (resumeRun, retry, compensate), checkpoints, fencing and queries, through Workflows.
import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { addWorkflow } from './addWorkflow.js';
import { configureWorkflows } from './configureWorkflows.js';
import { defineWorkflow } from './defineWorkflow.js';
import { crashingStore } from './fakes/crashingStore.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';

const T0 = Date.UTC(2025, 0, 1);
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

async function host(configure: Parameters<typeof createHarness>[0], options: Parameters<typeof createHarness>[1] = {}): Promise<Harness> {
  const h = await createHarness(configure, { clock: new FakeClock(T0), ...options });
  harnesses.push(h);
  return h;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  const error = await rejection(promise);
  return BatonError.is(error) ? error.code : String(error);
};

describe('Workflows run operations', () => {
  describe('retry', () => {
    it('should rerun a failed run from the step that failed, reusing the outputs before it', async () => {
      const calls: string[] = [];
      let healthy = false;
      const flaky = defineWorkflow<{ order: number }>('flaky')
        .step('load', ({ input }) => (calls.push('load'), { order: input.order, at: new Date(T0), items: new Map([['sku', 2n]]) }))
        .step('charge', ({ input }) => {
          calls.push('charge');
          if (!healthy) throw new Error('gateway down');
          return `${input.order}:${input.items.get('sku')}:${input.at.toISOString()}`;
        });
      const h = await host((builder) => addWorkflow(builder, flaky));
      const failed = await h.workflows.trigger(flaky, { order: 7 });
      expect([failed.status, failed.error?.message]).toStrictEqual(['failed', 'gateway down']);
      healthy = true;
      const retried = await h.workflows.retry(failed.id);
      expect([retried.id, retried.status, retried.attempt, retried.outputSummary]).toStrictEqual([failed.id, 'succeeded', 2, '"7:2:2025-01-01T00:00:00.000Z"']);
      expect(calls).toStrictEqual(['load', 'charge', 'charge']);
      expect(retried.recoveries.map((recovery) => recovery.kind)).toStrictEqual(['retried']);
      // The failed attempt's error is kept on the step.
      const charge = (await h.workflows.run(failed.id))?.steps.find((step) => step.name === 'charge');
      expect(charge?.attemptErrors?.map((error) => error.message)).toStrictEqual(['gateway down']);
    });

    it('should refuse a run that did not fail, and an unknown run', async () => {
      const h = await host((builder) =>
        addWorkflow(
          builder,
          defineWorkflow('fine').step('a', () => 1),
        ),
      );
      const run = await h.workflows.trigger('fine');
      expect(await codeOf(h.workflows.retry(run.id))).toBe(BatonErrorCode.WorkflowRunNotFailed);
      expect(await codeOf(h.workflows.retry('no-such-run'))).toBe(BatonErrorCode.WorkflowRunUnknown);
      expect(await codeOf(h.workflows.resumeRun(run.id))).toBe(BatonErrorCode.WorkflowRunNotInterrupted);
    });
  });

  describe('compensate', () => {
    it('should undo a succeeded run from its checkpoints, once', async () => {
      const undone: unknown[] = [];
      const book = defineWorkflow('book')
        .step('reserve', () => ({ seat: '12A' }), { compensate: (_context, output) => void undone.push(output) })
        .step('confirm', () => 'ok');
      const h = await host((builder) => addWorkflow(builder, book));
      const run = await h.workflows.trigger('book');
      const compensated = await h.workflows.compensate(run.id);
      expect([compensated.status, compensated.recoveries.map((recovery) => recovery.kind)]).toStrictEqual(['compensated', ['compensated']]);
      expect(undone).toStrictEqual([{ seat: '12A' }]);
      expect(await codeOf(h.workflows.compensate(run.id))).toBe(BatonErrorCode.WorkflowNothingToCompensate);
    });

    it('should refuse a run whose steps have no compensation', async () => {
      const h = await host((builder) =>
        addWorkflow(
          builder,
          defineWorkflow('plain').step('a', () => 1),
        ),
      );
      const run = await h.workflows.trigger('plain');
      expect(await codeOf(h.workflows.compensate(run.id))).toBe(BatonErrorCode.WorkflowNothingToCompensate);
    });
  });

  describe('resumeRun', () => {
    it('should resume a run whose owner died, from its last checkpoint, and refuse one under a live lease', async () => {
      const clock = new FakeClock(T0);
      const inner = new InMemoryRunStore({ clock });
      const calls: string[] = [];
      let release: () => void = () => {};
      const twoSteps = defineWorkflow('two')
        .options({ recovery: 'fail' })
        .step('first', () => (calls.push('first'), 1))
        .step('second', () => (calls.push('second'), new Promise<number>((resolve) => (release = () => resolve(2)))));
      const dying = crashingStore(inner, Infinity, false);
      const a = await createHarness((builder) => addWorkflow(builder, twoSteps), { clock, store: dying.store });
      void a.workflows.trigger('two').catch(() => undefined);
      await clock.advance(0);
      const [running] = await inner.listRuns('two');
      // Another engine, configured never to sweep during this test, sees the run under A's live lease.
      const b = await host(
        (builder) => {
          configureWorkflows(builder, { recoveryInterval: '1d' });
          addWorkflow(builder, twoSteps);
        },
        { clock, store: inner },
      );
      expect(await codeOf(b.workflows.resumeRun(running!.id))).toBe(BatonErrorCode.WorkflowRunNotInterrupted);
      dying.kill();
      await clock.advance(11_000);
      const resumed = b.workflows.resumeRun(running!.id);
      await clock.advance(0);
      release();
      const record = await resumed;
      expect([record.status, record.epoch, record.recoveries.map((recovery) => recovery.kind)]).toStrictEqual(['succeeded', 2, ['resumed']]);
      expect(calls).toStrictEqual(['first', 'second', 'second']);
    });
  });

  describe('checkpoints', () => {
    it('should fail a step whose output cannot be stored, naming the workflow, the step, the type and the path', async () => {
      const h = await host((builder) =>
        addWorkflow(
          builder,
          defineWorkflow('leaky')
            .step('connect', () => ({ client: { send: () => undefined } }))
            .step('never', () => 1),
        ),
      );
      const run = await h.workflows.trigger('leaky');
      expect([run.status, run.error?.code]).toStrictEqual(['failed', BatonErrorCode.RunsCheckpointUnserializable]);
      expect(run.error?.message).toContain("Step 'connect' of workflow 'leaky'");
      expect(run.error?.message).toContain('function at $.client.send');
      expect(run.steps.map((step) => [step.name, step.status, step.output])).toStrictEqual([['connect', 'failed', undefined]]);
    });

    it('should fail a step whose output is over the checkpoint limit, and refuse an input over it', async () => {
      const h = await host((builder) => {
        configureWorkflows(builder, { checkpointLimit: 1000 });
        addWorkflow(
          builder,
          defineWorkflow<string>('big').step('echo', ({ input }) => input.repeat(2)),
        );
      });
      const run = await h.workflows.trigger('big', 'x'.repeat(600));
      expect([run.status, run.error?.code]).toStrictEqual(['failed', BatonErrorCode.RunsCheckpointTooLarge]);
      expect(run.error?.message).toContain('1202 bytes');
      expect(await codeOf(h.workflows.trigger('big', 'x'.repeat(2000)))).toBe(BatonErrorCode.RunsCheckpointTooLarge);
      expect(await h.store.listRuns('big')).toHaveLength(1);
    });

    it('should refuse an input that cannot be stored before anything is written', async () => {
      const h = await host((builder) =>
        addWorkflow(
          builder,
          defineWorkflow<unknown>('typed').step('a', () => 1),
        ),
      );
      expect(await codeOf(h.workflows.trigger('typed', { callback: () => 1 }))).toBe(BatonErrorCode.RunsCheckpointUnserializable);
      expect(await h.store.listRuns('typed')).toStrictEqual([]);
    });
  });

  describe('fencing', () => {
    it('should stop a run that was taken over at its next write, writing nothing more', async () => {
      const clock = new FakeClock(T0);
      const inner = new InMemoryRunStore({ clock });
      const calls: string[] = [];
      let release: () => void = () => {};
      const slow = defineWorkflow('slow')
        .step('wait', () => new Promise<string>((resolve) => (release = () => resolve('late'))))
        .step('after', () => void calls.push('after'));
      const a = await host(
        (builder) => {
          configureWorkflows(builder, { leaseTtl: '10s', heartbeat: '9s', recoveryInterval: '1d' });
          addWorkflow(builder, slow);
        },
        { clock, store: inner },
      );
      const fenced: string[] = [];
      a.workflows.on('run.fenced', ({ reason }) => fenced.push(reason.code ?? ''));
      const outcome = rejection(a.workflows.trigger('slow'));
      await clock.advance(0);
      const [run] = await inner.listRuns('slow');
      // Another engine takes the run over once A's lease has expired (A's heartbeat is slower than its lease here).
      clock.jump(10_000);
      const taken = await inner.takeOver(run!.id, { kind: 'recovered', owner: 'engine-b', ttlMs: 60_000, from: ['running'], epoch: 1 });
      expect(taken?.epoch).toBe(2);
      release();
      await clock.advance(0);
      const error = await outcome;
      expect(BatonError.is(error, BatonErrorCode.RunsStaleEpoch)).toBe(true);
      expect(fenced).toStrictEqual([BatonErrorCode.RunsStaleEpoch]);
      expect(calls).toStrictEqual([]);
      const stored = await inner.getRun(run!.id);
      expect([stored?.status, stored?.owner, stored?.epoch, stored?.steps.map((step) => step.status)]).toStrictEqual(['running', 'engine-b', 2, []]);
    });
  });

  describe('queries', () => {
    it('should page runs across workflows, newest first, and count them by status', async () => {
      const h = await host((builder) => {
        addWorkflow(
          builder,
          defineWorkflow('ok').step('a', () => 1),
        );
        addWorkflow(
          builder,
          defineWorkflow('bad').step('a', () => Promise.reject(new Error('no'))),
        );
      });
      for (let index = 0; index < 3; index++) {
        await h.workflows.trigger('ok');
        await h.workflows.trigger('bad');
        await h.clock.advance(1000);
      }
      const first = await h.workflows.runs({ limit: 4 });
      const second = await h.workflows.runs({ limit: 4, ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }) });
      expect(first.runs.map((run) => run.workflow)).toStrictEqual(['bad', 'ok', 'bad', 'ok']);
      expect([second.runs.length, second.nextCursor]).toStrictEqual([2, undefined]);
      expect((await h.workflows.runs({ status: ['failed'] })).runs.map((run) => run.workflow)).toStrictEqual(['bad', 'bad', 'bad']);
      expect(await h.workflows.counts()).toStrictEqual([
        { workflow: 'ok', counts: { succeeded: 3 } },
        { workflow: 'bad', counts: { failed: 3 } },
      ]);
      expect(await codeOf(h.workflows.runs({ status: ['exploded' as 'failed'] }))).toBe(BatonErrorCode.RunsInvalidQuery);
    });
  });

  describe('a deploy that changed the steps', () => {
    it('should fail a resumed run whose completed step no longer exists, with a reason', async () => {
      const clock = new FakeClock(T0);
      const inner = new InMemoryRunStore({ clock });
      const v1 = defineWorkflow('deployed')
        .step('old-name', () => 1)
        .step('hang', () => new Promise<never>(() => {}));
      const v2 = defineWorkflow('deployed')
        .step('new-name', () => 1)
        .step('hang', () => 2);
      const dying = crashingStore(inner, Infinity, false);
      const a = await createHarness((builder) => addWorkflow(builder, v1), { clock, store: dying.store });
      void a.workflows.trigger('deployed').catch(() => undefined);
      await clock.advance(0);
      dying.kill();
      await host((builder) => addWorkflow(builder, v2), { clock, store: inner });
      await clock.advance(30_000);
      const [run] = await inner.listRuns('deployed');
      expect([run?.status, run?.error?.code]).toStrictEqual(['failed', BatonErrorCode.WorkflowDefinitionChanged]);
      expect(run?.error?.message).toContain("'old-name' is no longer a step");
    });
  });
});
