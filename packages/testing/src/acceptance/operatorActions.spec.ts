// Acceptance, through createTestHost: operator actions across replicas (issue 11, items 5, 7 and 9; issue 12, item 4).
// Two hosts on one ManualClock share their stores, as two replicas share one database.
import {
  AuditLog,
  BatonError,
  BatonErrorCode,
  ControlChannel,
  Coordinator,
  defineWorkflow,
  every,
  InMemoryAuditLog,
  InMemoryControlChannel,
  InMemoryCoordinator,
  InMemoryInstanceRegistry,
  InMemoryRunStore,
  InMemoryScheduleStore,
  InstanceRegistry,
  RunStore,
  ScheduleStore,
  type RunRecord,
  type Workflow,
  type Workflows,
} from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createTestHost, type TestHostBuilder } from '../createTestHost.js';
import { ManualClock } from '../ManualClock.js';
import type { TestHost } from '../TestHost.js';

const start = Date.UTC(2026, 0, 5);
const MINUTE = 60_000;

/** A channel whose signals are all lost: only the durable backstops carry actions across. */
class DeafChannel extends InMemoryControlChannel {
  override async publish(): Promise<void> {}
}

interface Shared {
  readonly clock: ManualClock;
  readonly runs: InMemoryRunStore;
  readonly schedules: InMemoryScheduleStore;
  readonly channel: InMemoryControlChannel;
  readonly audit: InMemoryAuditLog;
  readonly coordinator: InMemoryCoordinator;
  readonly instances: InMemoryInstanceRegistry;
}

function shared(channel: InMemoryControlChannel = new InMemoryControlChannel()): Shared {
  const clock = new ManualClock({ start });
  return {
    clock,
    runs: new InMemoryRunStore({ clock, maxRunsPerWorkflow: 10_000 }),
    schedules: new InMemoryScheduleStore(clock),
    channel,
    audit: new InMemoryAuditLog({ clock }),
    coordinator: new InMemoryCoordinator(clock),
    instances: new InMemoryInstanceRegistry({ clock, heartbeatIntervalMs: 10_000 }),
  };
}

function replica(s: Shared, ...workflows: Workflow<never, unknown>[]): Promise<TestHost> {
  return createTestHost(
    (builder: TestHostBuilder) => {
      builder.services.addSingleton(RunStore, { useValue: s.runs });
      builder.services.addSingleton(ScheduleStore, { useValue: s.schedules });
      builder.services.addSingleton(ControlChannel, { useValue: s.channel });
      builder.services.addSingleton(AuditLog, { useValue: s.audit });
      builder.services.addSingleton(Coordinator, { useValue: s.coordinator });
      builder.services.addSingleton(InstanceRegistry, { useValue: s.instances });
      for (const workflow of workflows) builder.addWorkflow(workflow);
    },
    { clock: s.clock },
  );
}

async function rejection(promise: Promise<unknown>): Promise<BatonError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BatonError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const ticker = defineWorkflow('ticker')
  .schedule(every('1m'))
  .step('a', () => 1) as Workflow<never, unknown>;

const forever = defineWorkflow('forever').step(
  'wait',
  ({ signal }) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
) as Workflow<never, unknown>;

/** Triggers `forever` on `host` and resolves once its run is recorded, with the run's id and its final record. */
async function startForever(host: TestHost): Promise<{ id: string; done: Promise<RunRecord> }> {
  const started = new Promise<string>((resolve) => host.workflows.on('run.started', ({ run }) => resolve(run.id)));
  const done = host.workflows.trigger('forever');
  return { id: await started, done };
}

const slots = async (host: TestHost): Promise<number[]> => (await host.runs('ticker')).map((run) => (run.scheduledAt - start) / MINUTE);
const stateOf = async (workflows: Workflows): Promise<unknown> => (await workflows.list()).find((info) => info.name === 'ticker')?.state;

describe('operator actions across replicas', () => {
  describe('pause and resume', () => {
    it('should pause the workflow on every replica, and resume it on every replica', async () => {
      const s = shared();
      const a = await replica(s, ticker);
      const b = await replica(s, ticker);
      await s.clock.advance(0);

      await a.workflows.pause('ticker', { actor: 'admin:alice' });
      expect(await stateOf(b.workflows)).toBe('paused');
      await s.clock.advance('5m');
      expect(await slots(a)).toStrictEqual([0]);

      await b.workflows.resume('ticker');
      expect(await stateOf(a.workflows)).toBe('scheduled');
      await s.clock.advance('2m');
      // Slots 1..4 passed while paused and are not run; each later slot runs once, on one replica.
      expect(await slots(a)).toStrictEqual([0, 5, 6]);
      await a.stop();
      await b.stop();
    });

    it('should resume ticking by itself at `until`, on every replica', async () => {
      const s = shared();
      const a = await replica(s, ticker);
      const b = await replica(s, ticker);
      await s.clock.advance(0);
      await a.workflows.pause('ticker', { until: start + 3 * MINUTE + 30_000 });
      expect((await b.workflows.list())[0]).toMatchObject({ state: 'paused', pausedUntil: start + 3 * MINUTE + 30_000 });

      await s.clock.advance('5m');
      expect(await slots(a)).toStrictEqual([0, 4]);
      expect(await stateOf(b.workflows)).toBe('scheduled');
      await a.stop();
      await b.stop();
    });

    it('should reach a replica whose signal was lost at its next poll of the ScheduleStore', async () => {
      const s = shared(new DeafChannel());
      const a = await replica(s, ticker);
      const b = await replica(s, ticker);
      await a.workflows.pause('ticker');
      expect(await stateOf(a.workflows)).toBe('paused');
      expect(await stateOf(b.workflows)).toBe('scheduled');
      await s.clock.advance('5s');
      await s.clock.advance(0);
      expect(await stateOf(b.workflows)).toBe('paused');
      await a.stop();
      await b.stop();
    });

    it('should hold a pause across a restart of every replica', async () => {
      const s = shared();
      const a = await replica(s, ticker);
      await a.workflows.pause('ticker');
      await a.stop();
      const b = await replica(s, ticker);
      expect(await stateOf(b.workflows)).toBe('paused');
      await s.clock.advance('3m');
      expect(await slots(b)).toStrictEqual([]);
      await b.stop();
    });

    it('should refuse an unknown workflow and an `until` in the past, with codes, and change nothing', async () => {
      const s = shared();
      const a = await replica(s, ticker);
      expect((await rejection(a.workflows.pause('nope'))).code).toBe(BatonErrorCode.WorkflowUnknown);
      expect((await rejection(a.workflows.pause('ticker', { until: start - 1 }))).code).toBe(BatonErrorCode.WorkflowInvalidAction);
      expect((await rejection(a.workflows.resume('ticker', { until: start + MINUTE } as never))).code).toBe(BatonErrorCode.WorkflowInvalidAction);
      expect(await s.schedules.states()).toStrictEqual([]);
      expect(await stateOf(a.workflows)).toBe('scheduled');
      await a.stop();
    });
  });

  describe('cancel', () => {
    it('should abort a run on the replica that runs it, naming the actor', async () => {
      const s = shared();
      const a = await replica(s, forever);
      const b = await replica(s, forever);
      const { id, done } = await startForever(b);

      expect(await a.workflows.cancel(id, { actor: 'admin:bob' })).toBe(true);
      const run = await done;
      expect(run.status).toBe('cancelled');
      expect(run.error?.code).toBe(BatonErrorCode.WorkflowRunCancelled);
      expect(run.error?.message).toContain("actor 'admin:bob'");
      expect(await a.workflows.cancel(id)).toBe(false);
      await a.stop();
      await b.stop();
    });

    it("should abort the run at its owner's next heartbeat when the signal was lost", async () => {
      const s = shared(new DeafChannel());
      const a = await replica(s, forever);
      const b = await replica(s, forever);
      const { id, done } = await startForever(b);
      let ended = false;
      void done.finally(() => (ended = true));

      expect(await a.workflows.cancel(id)).toBe(true);
      await s.clock.advance(0);
      expect(ended).toBe(false);
      await s.clock.advance('4s'); // the heartbeat is a third of the 10 s lease
      expect((await done).status).toBe('cancelled');
      await a.stop();
      await b.stop();
    });

    it('should resolve false for an unknown run', async () => {
      const s = shared();
      const a = await replica(s, forever);
      expect(await a.workflows.cancel('no-such-run')).toBe(false);
      await a.stop();
    });
  });

  describe('the audit log', () => {
    it('should record every action with its actor, target and outcome, newest first, and never a raw input', async () => {
      const s = shared();
      const secret = 'card-4242-'.repeat(200);
      let outOfStock = true;
      const flaky = defineWorkflow<{ card: string }>('flaky')
        .step(
          'reserve',
          () => {
            if (outOfStock) throw new Error('no stock');
            return 'reserved';
          },
          { compensate: () => undefined },
        )
        .step('ship', () => 'shipped') as Workflow<never, unknown>;
      const a = await replica(s, ticker, flaky);
      const failed = await a.workflows.trigger('flaky', { card: secret }, { actor: 'admin:carol' });
      await a.workflows.pause('ticker', { actor: 'admin:carol', until: start + 10 * MINUTE });
      await a.workflows.resume('ticker');
      await rejection(a.workflows.trigger('nope', undefined, { actor: 'admin:carol' }));
      await a.workflows.trigger('ticker'); // the app's own trigger, without an actor: a run, not an operator action
      expect(await a.workflows.cancel('no-such-run')).toBe(false);
      expect(failed.status).toBe('failed');
      outOfStock = false;
      const retried = await a.workflows.retry(failed.id, { actor: 'admin:dave' });
      expect(retried.status).toBe('succeeded');
      await a.workflows.compensate(retried.id);

      const { entries } = await s.audit.list();
      expect(entries.map(({ actor, action, target, outcome }) => [actor, action, target, outcome])).toStrictEqual([
        ['api', 'compensate', failed.id, 'ok'],
        ['admin:dave', 'retry', failed.id, 'ok'],
        ['api', 'cancel', 'no-such-run', 'refused'],
        ['admin:carol', 'trigger', 'nope', 'refused'],
        ['api', 'resume', 'ticker', 'ok'],
        ['admin:carol', 'pause', 'ticker', 'ok'],
        ['admin:carol', 'trigger', 'flaky', 'ok'],
      ]);
      const trigger = entries.at(-1)!;
      expect(trigger.detail).toBe(`run ${failed.id}`);
      expect(trigger.input!.length).toBeLessThan(600);
      expect(trigger.input).not.toContain(secret);
      expect(entries[5]?.detail).toBe(`until ${new Date(start + 10 * MINUTE).toISOString()}`);
      expect(entries[3]?.detail).toContain('No workflow named');

      const first = await s.audit.list({ limit: 2 });
      const second = await s.audit.list({ limit: 2, cursor: first.nextCursor });
      expect([...first.entries, ...second.entries]).toStrictEqual(entries.slice(0, 4));
      expect((await s.audit.list({ target: 'ticker' })).entries.map((entry) => entry.action)).toStrictEqual(['resume', 'pause']);
      await a.stop();
    });

    it('should record an action the ScheduleStore failed as failed, and reject it with a code', async () => {
      const s = shared();
      s.schedules.setPaused = () => Promise.reject(new Error('database is down'));
      const a = await replica(s, ticker);
      const error = await rejection(a.workflows.pause('ticker'));
      expect(error.code).toBe(BatonErrorCode.WorkflowControlFailed);
      expect((await s.audit.list()).entries.map(({ action, outcome }) => [action, outcome])).toStrictEqual([['pause', 'failed']]);
      expect(await stateOf(a.workflows)).toBe('scheduled');
      await a.stop();
    });
  });

  describe('trigger options', () => {
    it('should store the trace context on the run, and cancel the run with the signal', async () => {
      const s = shared();
      const a = await replica(s, ticker, forever);
      const traceContext = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
      const run = await a.workflows.trigger('ticker', undefined, { traceContext });
      expect(run.traceContext).toStrictEqual(traceContext);
      expect((await a.workflows.run(run.id))?.traceContext).toStrictEqual(traceContext);

      const controller = new AbortController();
      const done = a.workflows.trigger('forever', undefined, { signal: controller.signal });
      await s.clock.advance(0);
      controller.abort();
      expect((await done).status).toBe('cancelled');
      await a.stop();
    });

    it('should refuse unknown options and a trace context that is not a map of strings', async () => {
      const s = shared();
      const a = await replica(s, ticker);
      expect((await rejection(a.workflows.trigger('ticker', undefined, { sgnal: undefined } as never))).code).toBe(BatonErrorCode.WorkflowInvalidAction);
      expect((await rejection(a.workflows.trigger('ticker', undefined, { traceContext: { traceparent: 1 } } as never))).code).toBe(
        BatonErrorCode.WorkflowInvalidAction,
      );
      expect((await rejection(a.workflows.cancel('x', { actor: '' })).catch(() => undefined))?.code).toBe(BatonErrorCode.WorkflowInvalidAction);
      expect(await a.runs('ticker')).toStrictEqual([]);
      await a.stop();
    });
  });

  describe('instanceId', () => {
    it("should be the owner of the engine's runs", async () => {
      const s = shared();
      let owner: string | undefined;
      const a = await replica(
        s,
        defineWorkflow('who').step('read', async ({ run, get }) => {
          owner = (await get(RunStore).getRun(run.id))?.owner;
        }) as Workflow<never, unknown>,
      );
      await a.workflows.trigger('who');
      expect(owner).toBe(a.workflows.instanceId);
      await a.stop();
    });
  });

  describe('missed-run catch-up', () => {
    it('should read the last slot from the ScheduleStore after every replica restarted, when the RunStore lost it', async () => {
      const s = shared();
      const hourly = defineWorkflow('hourly')
        .schedule(every('1h'))
        .options({ missed: 'run-once' })
        .step('a', () => 1) as Workflow<never, unknown>;
      const configure = (runs: InMemoryRunStore) => (builder: TestHostBuilder) => {
        builder.services.addSingleton(RunStore, { useValue: runs });
        builder.services.addSingleton(ScheduleStore, { useValue: s.schedules });
        builder.addWorkflow(hourly);
      };
      const a = await createTestHost(configure(new InMemoryRunStore({ clock: s.clock })), { clock: s.clock });
      await a.advance('1h');
      await a.stop();
      await s.clock.advance('4h30m');
      // A RunStore of its own: only the ScheduleStore remembers slot 0. Slots 1h to 5h passed: run-once runs 5h.
      const b = await createTestHost(configure(new InMemoryRunStore({ clock: s.clock })), { clock: s.clock });
      await b.advance('1h');
      expect((await b.runs('hourly')).map((run) => (run.scheduledAt - start) / (60 * MINUTE))).toStrictEqual([5, 6]);
      await b.stop();
    });
  });
});

describe('the instance registry', () => {
  it('should list every host as running with its services and workflows, a silent one as stale, and a stopped one as stopped', async () => {
    const s = shared();
    const a = await replica(s, ticker);
    const b = await replica(s, ticker);
    const ids = [a.workflows.instanceId, b.workflows.instanceId];
    const listed = await s.instances.list();
    expect(listed.map((instance) => instance.id).sort()).toStrictEqual([...ids].sort());
    expect(listed[0]).toMatchObject({ pid: process.pid, version: '0.1.0', workflows: ['ticker'], status: 'running', startedAt: start, heartbeatAt: start });
    expect(listed[0]?.services).toContain('WorkflowEngine');

    await s.instances.register({ id: 'silent', hostname: 'elsewhere', pid: 1, version: '0.1.0', services: [], workflows: [] });
    await a.stop();
    await s.clock.advance('35s');
    const later = await s.instances.list();
    const status = Object.fromEntries(later.map((instance) => [instance.id, instance.status]));
    expect(status).toStrictEqual({ [ids[0]!]: 'stopped', [ids[1]!]: 'running', silent: 'stale' });
    expect(later.find((instance) => instance.id === ids[1])!.heartbeatAt).toBeGreaterThan(start + 20_000);
    expect(later.find((instance) => instance.id === ids[0])!.stoppedAt).toBeDefined();
    await b.stop();
  });

  it('should register a host without workflows under an id of its own', async () => {
    const registry = new InMemoryInstanceRegistry();
    const t = await createTestHost((builder) => builder.services.addSingleton(InstanceRegistry, { useValue: registry }));
    const [instance] = await registry.list();
    expect(instance).toMatchObject({ workflows: [], services: [], status: 'running' });
    expect(instance?.id).toMatch(/^[0-9a-f-]{36}$/);
    await t.stop();
    expect((await registry.list())[0]?.status).toBe('stopped');
  });
});
