import { afterEach, describe, expect, it } from 'vitest';
import { token } from '../DependencyInjection/Token.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { InMemoryRunStore } from '../Runs/InMemoryRunStore.js';
import type { RunRecord } from '../Runs/RunRecord.js';
import { every } from '../Scheduling/every.js';
import { Clock } from '../Time/Clock.js';
import { addWorkflow } from './addWorkflow.js';
import { defineWorkflow } from './defineWorkflow.js';
import type { Harness } from './fakes/createHarness.js';
import { createHarness } from './fakes/createHarness.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import { FakeHostBuilder } from './fakes/FakeHostBuilder.js';
import { Workflows } from './Workflows.js';
import type { Workflow } from './Workflow.js';
import { codeOf as code } from '../Errors/fakes/codeOf.js';

const T0 = Date.UTC(2025, 0, 1);
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(...workflows: Workflow<unknown, unknown>[]): Promise<Harness> {
  harness = await createHarness((builder) => workflows.forEach((workflow) => addWorkflow(builder, workflow)), { clock: new FakeClock(T0) });
  return harness;
}

async function asyncCode(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return BatonError.is(error) ? error.code : `not a BatonError: ${String(error)}`;
  }
  return undefined;
}

const waitForever = defineWorkflow('forever').step(
  'wait',
  ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted'))),
);

describe('Workflows', () => {
  describe('trigger', () => {
    it('should resolve with the final record and pass a typed input', async () => {
      const greet = defineWorkflow<{ name: string }>('greet').step('hello', ({ input }) => `hello ${input.name}`);
      const h = await start(greet as Workflow<unknown, unknown>);
      const run = await h.workflows.trigger(greet, { name: 'Ada' });
      expect(run).toMatchObject({ workflow: 'greet', status: 'succeeded', trigger: 'manual', outputSummary: '"hello Ada"' });
      expect(await h.workflows.history('greet')).toStrictEqual([run]);
    });

    it('should reject an unknown name, and a trigger before start', async () => {
      const h = await createHarness((builder) => addWorkflow(builder, waitForever), { start: false });
      expect(await asyncCode(() => h.workflows.trigger('forever'))).toBe(BatonErrorCode.WorkflowNotReady);
      expect(await asyncCode(() => h.workflows.trigger('nope'))).toBe(BatonErrorCode.WorkflowUnknown);
    });

    it('should not start a run the store cannot record, and record nothing', async () => {
      const store = new InMemoryRunStore();
      store.createRun = () => {
        throw new Error('database is down');
      };
      let ran = false;
      harness = await createHarness(
        (builder) =>
          addWorkflow(
            builder,
            defineWorkflow('unrecorded').step('a', () => void (ran = true)),
          ),
        { store },
      );
      expect(await asyncCode(() => harness!.workflows.trigger('unrecorded'))).toBe(BatonErrorCode.RunsStoreFailed);
      expect(ran).toBe(false);
      expect(await store.listRuns('unrecorded')).toStrictEqual([]);
    });
  });

  describe('cancel', () => {
    it('should abort the run and record it cancelled with its code', async () => {
      const h = await start(waitForever);
      const started = new Promise<RunRecord>((resolve) => h.workflows.on('run.started', ({ run }) => resolve(run)));
      const done = h.workflows.trigger('forever');
      const { id } = await started;
      expect(await h.workflows.cancel(id)).toBe(true);
      const run = await done;
      expect(run.status).toBe('cancelled');
      expect(run.error?.code).toBe(BatonErrorCode.WorkflowRunCancelled);
      expect(await h.workflows.cancel(id)).toBe(false);
    });

    it('should abandon a step that cancels its own run before it returns a promise that never settles', async () => {
      const h = await start(
        defineWorkflow('self-cancel').step('a', ({ get, run }) => {
          void get(Workflows).cancel(run.id);
          return new Promise<never>(() => {});
        }),
      );
      const run = await h.workflows.trigger('self-cancel');
      expect(run.status).toBe('cancelled');
      expect(run.steps.map((step) => [step.name, step.status])).toStrictEqual([['a', 'cancelled']]);
    });
  });

  describe('pause, resume and list', () => {
    it('should stop and restart ticking and report the state', async () => {
      const h = await start(
        defineWorkflow('ticker')
          .schedule(every('1m'))
          .step('a', () => 1) as Workflow<unknown, unknown>,
        waitForever,
      );
      await h.clock.advance(0);
      const listed = await h.workflows.list();
      expect(listed.map(({ name, state, nextDueAt, schedule }) => ({ name, state, nextDueAt, schedule }))).toStrictEqual([
        { name: 'ticker', state: 'scheduled', nextDueAt: T0 + 60_000, schedule: 'every 1m' },
        { name: 'forever', state: 'manual', nextDueAt: undefined, schedule: undefined },
      ]);
      expect(listed[0]?.lastRun?.status).toBe('succeeded');

      await h.workflows.pause('ticker');
      await h.clock.advance(170_000);
      expect((await h.workflows.history('ticker')).length).toBe(1);
      expect((await h.workflows.list())[0]).toMatchObject({ state: 'paused', nextDueAt: undefined });

      await h.workflows.resume('ticker');
      // Slots 60 and 120 passed while paused: they are not run.
      expect((await h.workflows.list())[0]).toMatchObject({ state: 'scheduled', nextDueAt: T0 + 180_000 });
      await h.clock.advance(60_000);
      expect((await h.workflows.history('ticker')).map((run) => run.scheduledAt - T0)).toStrictEqual([180_000, 0]);
      expect(await asyncCode(() => h.workflows.pause('nope'))).toBe(BatonErrorCode.WorkflowUnknown);
    });

    it('should register a schedule marked paused as paused', async () => {
      const h = await start(
        defineWorkflow('held')
          .schedule(every('1m', { paused: true }))
          .step('a', () => 1) as Workflow<unknown, unknown>,
      );
      await h.clock.advance(120_000);
      expect((await h.workflows.list())[0]?.state).toBe('paused');
      expect(await h.workflows.history('held')).toStrictEqual([]);
    });
  });

  describe('events', () => {
    it('should fire in order for a run with a retry and a compensation', async () => {
      const h = await start(
        defineWorkflow('evented')
          .step('a', () => 1, { compensate: () => undefined })
          .step(
            'b',
            ({ run }) => {
              throw new Error(`b${run.attempt}`);
            },
            { retry: { attempts: 2, backoff: 'fixed', delay: 10 } },
          ),
      );
      const events: string[] = [];
      h.workflows.on('run.started', () => events.push('run.started'));
      h.workflows.on('step.started', ({ step }) => events.push(`step.started:${step}`));
      h.workflows.on('step.retried', ({ step, attempt, delayMs }) => events.push(`step.retried:${step}:${attempt}:${delayMs}`));
      h.workflows.on('step.finished', ({ step, record }) => events.push(`step.finished:${step}:${record.status}`));
      h.workflows.on('compensation.started', ({ step }) => events.push(`compensation.started:${step}`));
      h.workflows.on('compensation.finished', ({ step }) => events.push(`compensation.finished:${step}`));
      const off = h.workflows.on('run.finished', ({ run }) => events.push(`run.finished:${run.status}`));
      h.workflows.on('run.finished', () => {
        throw new Error('a broken listener is logged, not propagated');
      });
      const done = h.workflows.trigger('evented');
      await h.clock.advance(10);
      await done;
      expect(events).toStrictEqual([
        'run.started',
        'step.started:a',
        'step.finished:a:succeeded',
        'step.started:b',
        'step.retried:b:1:10',
        'step.finished:b:failed',
        'compensation.started:a',
        'compensation.finished:a',
        'run.finished:compensated',
      ]);
      off();
      expect(h.logs.some((entry) => entry.level === 'error' && entry.message === 'A workflow event listener threw')).toBe(true);
      expect(h.logs.filter((entry) => entry.message.startsWith('Workflow run')).map((entry) => [entry.message, entry.fields['workflow']])).toStrictEqual([
        ['Workflow run started', 'evented'],
        ['Workflow run finished', 'evented'],
      ]);
    });
  });

  describe('requires', () => {
    const Mailer = token<{ send(text: string): string }>('test/Mailer');

    it('should fail the start naming the workflow and the token when an eager binding is missing', async () => {
      const error = await createHarness((builder) =>
        addWorkflow(
          builder,
          defineWorkflow('mail')
            .uses(Mailer)
            .step('a', ({ get }) => get(Mailer).send('x')),
        ),
      ).catch((thrown: unknown) => thrown);
      expect(BatonError.is(error, BatonErrorCode.DiMissingBinding)).toBe(true);
      expect((error as Error).message).toContain("Workflow 'mail' uses 'test/Mailer'");
    });

    it('should wait for a lazy binding, then tick once it is bound late', async () => {
      const h = await start(
        defineWorkflow('lazy-mail')
          .schedule(every('1m'))
          .uses(Mailer)
          .options({ requires: 'lazy' })
          .step('send', ({ get, run }) => get(Mailer).send(`at ${run.scheduledAt - T0}`)) as Workflow<unknown, unknown>,
      );
      await h.clock.advance(120_000);
      expect((await h.workflows.list())[0]).toMatchObject({ state: 'waiting', missing: ['test/Mailer'] });
      expect(await h.workflows.history('lazy-mail')).toStrictEqual([]);
      expect(await asyncCode(() => h.workflows.trigger('lazy-mail'))).toBe(BatonErrorCode.WorkflowNotReady);

      h.workflows.bindLate(Mailer, { useValue: { send: (text) => `sent ${text}` } });
      await h.clock.advance(0);
      expect((await h.workflows.list())[0]?.state).toBe('scheduled');
      await h.clock.advance(60_000);
      expect((await h.workflows.history('lazy-mail')).map((run) => run.outputSummary)).toStrictEqual(['"sent at 180000"', '"sent at 120000"']);
      expect(code(() => h.workflows.bindLate(Mailer, { useValue: { send: () => '' } }))).toBe(BatonErrorCode.WorkflowBindingConflict);
      expect(code(() => h.workflows.bindLate(Clock, { useValue: new FakeClock() }))).toBe(BatonErrorCode.WorkflowBindingConflict);
    });

    it('should call a late factory once per run and dispose what it made', async () => {
      const made: { disposed: boolean }[] = [];
      const h = await start(
        defineWorkflow('lazy-factory')
          .uses(Mailer)
          .options({ requires: 'lazy' })
          .step('a', ({ get }) => get(Mailer) === get(Mailer)),
      );
      h.workflows.bindLate(Mailer, {
        useFactory: () => {
          const mailer = { disposed: false, send: () => '', dispose: () => void (mailer.disposed = true) };
          made.push(mailer);
          return mailer;
        },
      });
      expect((await h.workflows.trigger('lazy-factory')).outputSummary).toBe('true');
      await h.workflows.trigger('lazy-factory');
      expect(made.map((mailer) => mailer.disposed)).toStrictEqual([true, true]);
    });
  });

  describe('when the host stops', () => {
    it('should abort runs in flight, record them cancelled, and compensate only with compensateOnAbort', async () => {
      const undone: string[] = [];
      const step = ({ signal }: { signal: AbortSignal }) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('x')));
      const h = await start(
        defineWorkflow('plain-stop')
          .step('a', () => 1, { compensate: () => void undone.push('plain') })
          .step('b', step),
        defineWorkflow('comp-stop')
          .options({ compensateOnAbort: true })
          .step('a', () => 1, { compensate: () => void undone.push('comp') })
          .step('b', step),
      );
      const runs = [h.workflows.trigger('plain-stop'), h.workflows.trigger('comp-stop')];
      await h.clock.advance(0);
      await h.stop();
      harness = undefined;
      expect((await Promise.all(runs)).map((run) => run.status)).toStrictEqual(['cancelled', 'cancelled']);
      expect(undone).toStrictEqual(['comp']);
      expect((await h.store.listRuns('plain-stop'))[0]?.status).toBe('cancelled');
      expect(await asyncCode(() => h.workflows.trigger('plain-stop'))).toBe(BatonErrorCode.WorkflowNotReady);
      expect((await h.workflows.list()).map((info) => info.state)).toStrictEqual(['stopped', 'stopped']);
    });
  });

  describe('registration', () => {
    it('should register the engine, the control and the in-memory defaults once per builder', () => {
      const builder = new FakeHostBuilder();
      addWorkflow(
        builder,
        defineWorkflow('one').step('a', () => 1),
      );
      addWorkflow(
        builder,
        defineWorkflow('two').step('a', () => 1),
      );
      expect(builder.registrations.map((entry) => entry.options?.name)).toStrictEqual(['WorkflowEngine']);
      expect(
        code(() =>
          addWorkflow(
            builder,
            defineWorkflow('one').step('b', () => 2),
          ),
        ),
      ).toBe(BatonErrorCode.WorkflowDuplicate);
      expect(code(() => addWorkflow(builder, defineWorkflow('empty')))).toBe(BatonErrorCode.WorkflowEmpty);
      expect(code(() => addWorkflow(builder, { name: 'fake' } as never))).toBe(BatonErrorCode.WorkflowInvalidOptions);
    });

    it('should keep an app-registered RunStore', async () => {
      const store = new InMemoryRunStore({ maxRunsPerWorkflow: 2 });
      harness = await createHarness(
        (builder) =>
          addWorkflow(
            builder,
            defineWorkflow('kept').step('a', () => 1),
          ),
        { store },
      );
      expect(harness.store).toBe(store);
      for (let i = 0; i < 3; i++) await harness.workflows.trigger('kept');
      expect((await store.listRuns('kept')).length).toBe(2);
    });
  });
});
