// Operator actions across two hosts (createHost) on one database, as two replicas of an app: a pause on one pauses
// both, a cancel on one aborts the run on the other (by NOTIFY, or by the owner's heartbeat when the notification is
// lost), every action is in the audit log, and the instance registry lists both hosts, a stopped one as stopped.
import {
  ControlChannel,
  InstanceRegistry,
  NullLogger,
  Workflows,
  addWorkflow,
  configureWorkflows,
  defineWorkflow,
  every,
  type ControlSignal,
  type RunRecord,
  type WorkflowInfo,
} from '@baton/core';
import { createHost, type Host } from '@baton/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '../src/Internal/Migrations/Migrator.js';
import { PostgresControlChannel, PostgresDatabase, PostgresDatabaseToken, PostgresInstanceRegistry, addPostgres } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';
import { until } from './until.js';

let database: TestDatabase;
let reader: PostgresDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  reader = new PostgresDatabase({ url: database.url });
});

afterAll(async () => {
  await reader.close();
  await database.drop();
});

const tick = defineWorkflow('tick')
  .schedule(every('1s'))
  .step('a', () => 1);

const hold = defineWorkflow('hold').step(
  'wait',
  ({ signal }) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
);

/** A channel that never hears a notification: only the durable cancel request reaches its engine. */
class DeafChannel extends PostgresControlChannel {
  override async subscribe(): Promise<() => Promise<void>> {
    return async () => {};
  }
}

function replica(name: string, schema: string, options: { deaf?: boolean } = {}): Host {
  const host = createHost({ logger: NullLogger, name });
  addPostgres(host, { url: database.url, schema });
  configureWorkflows(host, { leaseTtl: '1s', heartbeat: '300ms', recoveryInterval: '200ms', schedulePoll: '200ms' });
  addWorkflow(host, tick);
  addWorkflow(host, hold);
  if (options.deaf === true) host.services.addSingleton(ControlChannel, { useFactory: (resolver) => new DeafChannel(resolver.get(PostgresDatabaseToken)) });
  return host;
}

const stateOf = async (host: Host, name: string): Promise<WorkflowInfo['state'] | undefined> =>
  (await host.provider.get(Workflows).list()).find((info) => info.name === name)?.state;

/** Triggers `hold` on `host`; resolves with its run's id once it is recorded, and its final record. */
async function startHold(host: Host): Promise<{ id: string; done: Promise<RunRecord> }> {
  const workflows = host.provider.get(Workflows);
  const started = new Promise<string>((resolve) => {
    const off = workflows.on('run.started', ({ run }) => {
      if (run.workflow !== 'hold') return;
      off();
      resolve(run.id);
    });
  });
  const done = workflows.trigger('hold', undefined, {
    actor: 'admin:dave',
    traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  });
  return { id: await started, done };
}

describe('operator actions on two replicas of one database', () => {
  it('should pause and resume on both, cancel a run on the other, audit every action, and list both instances', async () => {
    const schema = 'ops_two';
    const a = replica('a', schema);
    const b = replica('b', schema);
    await Promise.all([a.start(), b.start()]);
    const wa = a.provider.get(Workflows);
    const wb = b.provider.get(Workflows);
    try {
      // Pause on a: b pauses too (NOTIFY), and the pause is a row of the schedules table.
      await wa.pause('tick', { actor: 'admin:alice' });
      expect(await stateOf(a, 'tick')).toBe('paused');
      await until(async () => (await stateOf(b, 'tick')) === 'paused', 'b to pause');
      const [row] = await reader.query<{ paused: boolean }>('read', `SELECT paused FROM ${schema}.schedules WHERE workflow = 'tick'`);
      expect(row?.paused).toBe(true);

      // Resume on b: a resumes too, and ticks go on.
      await wb.resume('tick', { actor: 'admin:bob' });
      await until(async () => (await stateOf(a, 'tick')) === 'scheduled', 'a to resume');
      const before = (await wa.history('tick')).length;
      await until(async () => (await wa.history('tick')).length > before, 'a tick after the resume');

      // Cancel on a, of a run b owns: b aborts it, and the run is recorded cancelled by the actor.
      const { id, done } = await startHold(b);
      expect(await wa.cancel(id, { actor: 'admin:carol' })).toBe(true);
      const run = await done;
      expect(run.status).toBe('cancelled');
      expect(run.error?.message).toContain("actor 'admin:carol'");
      expect((await wa.run(id))?.traceContext).toStrictEqual({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });

      // The audit log: newest first, with actors and outcomes.
      const audit = await reader.query<{ actor: string; action: string; target: string; outcome: string }>(
        'read',
        `SELECT actor, action, target, outcome FROM ${schema}.audit_log ORDER BY id`,
      );
      expect(audit.filter((entry) => entry.action !== 'trigger')).toStrictEqual([
        { actor: 'admin:alice', action: 'pause', target: 'tick', outcome: 'ok' },
        { actor: 'admin:bob', action: 'resume', target: 'tick', outcome: 'ok' },
        { actor: 'admin:carol', action: 'cancel', target: id, outcome: 'ok' },
      ]);
      expect(audit.filter((entry) => entry.action === 'trigger')).toStrictEqual([{ actor: 'admin:dave', action: 'trigger', target: 'hold', outcome: 'ok' }]);

      // The instance registry: both hosts, under their engines' ids.
      const registry = b.provider.get(InstanceRegistry);
      const running = await registry.list();
      expect(running.map((instance) => instance.id).sort()).toStrictEqual([wa.instanceId, wb.instanceId].sort());
      expect(running.every((instance) => instance.status === 'running' && instance.workflows.join() === 'tick,hold')).toBe(true);
      expect(running[0]?.services).toStrictEqual(['postgres', 'WorkflowEngine']);

      await a.stop();
      const afterStop = await registry.list();
      expect(afterStop.map(({ id: instance, status }) => [instance, status])).toStrictEqual([
        [wb.instanceId, 'running'],
        [wa.instanceId, 'stopped'],
      ]);
      expect(afterStop[1]?.stoppedAt).toBeGreaterThanOrEqual(afterStop[1]!.startedAt);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("should abort the run at its owner's next heartbeat when the owner hears no notification", async () => {
    const schema = 'ops_deaf';
    const a = replica('a', schema);
    const b = replica('b', schema, { deaf: true });
    await Promise.all([a.start(), b.start()]);
    try {
      const { id, done } = await startHold(b);
      const heard: ControlSignal[] = [];
      await a.provider.get(ControlChannel).subscribe((signal) => void heard.push(signal));
      expect(await a.provider.get(Workflows).cancel(id)).toBe(true);
      await until(() => heard.length > 0, 'the cancel notification on a');
      expect((await done).status).toBe('cancelled');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('should hold a pause across a restart of every replica', async () => {
    const schema = 'ops_restart';
    const a = replica('a', schema);
    await a.start();
    await a.provider.get(Workflows).pause('tick');
    await a.stop();
    const b = replica('b', schema);
    await b.start();
    try {
      expect(await stateOf(b, 'tick')).toBe('paused');
    } finally {
      await b.stop();
    }
  });

  it('should list an instance that stopped heartbeating as stale, on the database clock', async () => {
    const registry = new PostgresInstanceRegistry(reader, { heartbeatIntervalMs: 50, staleAfterMs: 200 });
    await migrateSchema(reader);
    await registry.register({ id: 'silent', hostname: 'elsewhere', pid: 1, version: '0.1.0', services: [], workflows: [] });
    expect((await registry.list()).find((instance) => instance.id === 'silent')?.status).toBe('running');
    await until(async () => (await registry.list()).find((instance) => instance.id === 'silent')?.status === 'stale', 'the silent instance to be stale');
    expect(await registry.heartbeat('silent')).toBe(true);
    expect((await registry.list()).find((instance) => instance.id === 'silent')?.status).toBe('running');
  });
});
