import { BackgroundService, Coordinator, defineWorkflow, every, InMemoryCoordinator, NullLogger, type Lease } from '@baton/core';
import { createHost, type Host } from '@baton/host';
import { ManualClock } from '@baton/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from '../Instrumentation/instrument.js';
import type { InstrumentationOptions } from '../Instrumentation/InstrumentationOptions.js';
import type { ObservabilityHandler } from '../Instrumentation/ObservabilityHandler.js';
import type { HealthBody } from './HealthBody.js';
import type { TerminusBody } from './TerminusBody.js';
import { schemaErrors } from './fakes/validateBody.js';

/** Runs until stopped; `fail()` makes its execute throw. */
class Mailer extends BackgroundService {
  fail: ((error: Error) => void) | undefined;
  protected execute(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.fail = reject;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

/** Ignores its signal: it returns only when its test releases it. */
class Stubborn extends BackgroundService {
  release: (() => void) | undefined;
  protected execute(): Promise<void> {
    return new Promise((resolve) => (this.release = resolve));
  }
}

/** A Coordinator whose renewals go unanswered once cut (a partition). */
class PartitionableCoordinator implements Coordinator {
  cut = false;
  constructor(readonly inner: Coordinator) {}
  acquireLease(key: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    return this.cut ? Promise.reject(new Error('connection lost')) : this.inner.acquireLease(key, holder, ttlMs);
  }
  renewLease(lease: Lease, ttlMs: number): Promise<boolean> {
    return this.cut ? new Promise<boolean>(() => {}) : this.inner.renewLease(lease, ttlMs);
  }
  releaseLease(lease: Lease): Promise<void> {
    return this.cut ? Promise.reject(new Error('connection lost')) : this.inner.releaseLease(lease);
  }
}

interface Answer<T> {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: T;
}

async function call<T = HealthBody>(handler: ObservabilityHandler): Promise<Answer<T>> {
  const response = await handler({ method: 'GET', url: '/health' });
  return { status: response.status, contentType: response.headers['content-type'], body: JSON.parse(response.body) as T };
}

describe('health probes', () => {
  const hosts: Host[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) if (host.state !== 'created' && host.state !== 'stopped') await host.stop();
  });

  function setUp(options: InstrumentationOptions = {}, onError: 'ignore' | 'stop-host' = 'ignore') {
    const clock = new ManualClock({ start: '2026-01-01T00:00:00Z' });
    const host = createHost({ name: 'shop', logger: NullLogger, clock, onError });
    hosts.push(host);
    const mailer = new Mailer();
    host.addHostedService(mailer, { name: 'mailer' });
    const observability = instrument(host, options);
    return { clock, host, mailer, observability };
  }

  it('should fail readiness while the host starts and pass liveness, each body valid against its schema', async () => {
    const { observability } = setUp();

    const ready = await call(observability.readiness);
    const live = await call(observability.liveness);

    expect(ready).toMatchObject({ status: 503, contentType: 'application/health+json', body: { status: 'fail', output: 'starting' } });
    expect(ready.body.checks['service:mailer']).toStrictEqual([
      { componentType: 'component', status: 'pass', observedValue: 'starting', time: expect.any(String) },
    ]);
    expect(live).toMatchObject({ status: 200, body: { status: 'pass' } });
    expect([...schemaErrors('ietf', ready.body), ...schemaErrors('ietf', live.body)]).toStrictEqual([]);
  });

  it('should pass both probes once running, with a check per service and (readiness only) per workflow', async () => {
    const { host, clock, observability } = setUp();
    host.addWorkflow(
      defineWorkflow('sync')
        .schedule(every('1m'))
        .step('pull', () => 1),
    );
    await host.start();
    await clock.advance(0);

    const ready = await call(observability.readiness);
    const live = await call(observability.liveness);

    expect(ready.status).toBe(200);
    expect(ready.body).toStrictEqual({
      status: 'pass',
      description: "readiness of host 'shop'",
      checks: {
        'service:mailer': [{ componentType: 'component', status: 'pass', observedValue: 'running', time: '2026-01-01T00:00:00.000Z' }],
        'service:@baton/admin': [{ componentType: 'component', status: 'pass', observedValue: 'running', time: '2026-01-01T00:00:00.000Z' }],
        'service:WorkflowEngine': expect.any(Array),
        'workflow:sync': [{ componentType: 'workflow', status: 'pass', observedValue: 'waiting', time: '2026-01-01T00:00:00.000Z' }],
      },
    });
    expect(live.status).toBe(200);
    expect(Object.keys(live.body.checks).filter((key) => key.startsWith('workflow:'))).toStrictEqual([]);
    expect([...schemaErrors('ietf', ready.body), ...schemaErrors('ietf', live.body)]).toStrictEqual([]);
  });

  it('should answer readiness shutting_down at once when the host begins to stop, without running a check', async () => {
    const { host, observability } = setUp({ health: { format: 'terminus' } });
    let checked = 0;
    host.addHealthCheck('postgres:connection', () => {
      checked++;
      return { status: 'healthy' };
    });
    await host.start();
    let during: Promise<Answer<TerminusBody>> | undefined;
    host.on('stopping', () => (during = call<TerminusBody>(observability.readiness)));
    checked = 0;

    await host.stop();

    const answer = await during!;
    expect(answer).toStrictEqual({
      status: 503,
      contentType: 'application/json; charset=utf-8',
      body: { status: 'shutting_down', info: {}, error: {}, details: {} },
    });
    expect(checked).toBe(0);
    expect(schemaErrors('terminus', answer.body)).toStrictEqual([]);
  });

  it('should fail readiness, never liveness, while the database check fails; a check tagged liveness counts for both', async () => {
    const { host, observability } = setUp();
    let databaseUp = false;
    host.addHealthCheck('postgres:connection', () =>
      databaseUp ? { status: 'healthy' } : { status: 'unhealthy', description: 'connect ECONNREFUSED 127.0.0.1:5432' },
    );
    let diskFull = false;
    host.addHealthCheck('disk', () => ({ status: diskFull ? 'unhealthy' : 'healthy' }), { tags: ['liveness'] });
    await host.start();

    const ready = await call(observability.readiness);
    const live = await call(observability.liveness);
    expect(ready.status).toBe(503);
    expect(ready.body.output).toBe('fail: postgres:connection');
    expect(ready.body.checks['postgres:connection']).toStrictEqual([
      { componentType: 'datastore', status: 'fail', output: 'connect ECONNREFUSED 127.0.0.1:5432', time: expect.any(String) },
    ]);
    expect(live.status).toBe(200);
    expect(live.body.checks['postgres:connection']).toBeUndefined();

    databaseUp = true;
    diskFull = true;
    expect((await call(observability.readiness)).status).toBe(503);
    expect(await call(observability.liveness)).toMatchObject({ status: 503, body: { status: 'fail', output: 'fail: disk' } });
  });

  it('should fail liveness and readiness when a hosted service faulted', async () => {
    const { host, mailer, observability } = setUp();
    await host.start();
    mailer.fail!(new Error('SMTP gone'));
    await new Promise((resolve) => setImmediate(resolve));

    const live = await call(observability.liveness);
    const ready = await call(observability.readiness);

    expect(live.status).toBe(503);
    expect(live.body.checks['service:mailer']).toStrictEqual([
      { componentType: 'component', status: 'fail', observedValue: 'faulted', output: 'The service faulted and was given up on.', time: expect.any(String) },
    ]);
    expect(ready.status).toBe(503);
  });

  it('should fail liveness on a singleton lease the host could not fence: lost a ttl ago, execute still running', async () => {
    const { host, clock, observability } = setUp();
    const coordinator = new PartitionableCoordinator(new InMemoryCoordinator(clock));
    host.services.addSingleton(Coordinator, { useValue: coordinator });
    const stubborn = new Stubborn();
    host.addHostedService(stubborn, { name: 'ledger', singleton: { leaseTtl: '9s' } });
    await host.start();
    await clock.advance(0);
    expect((await call(observability.liveness)).status).toBe(200);

    coordinator.cut = true;
    await clock.advance('9s'); // the lease is lost: a standby for now
    expect((await call(observability.liveness)).status).toBe(200);
    await clock.advance('9s'); // a whole ttl later, execute still runs

    const live = await call(observability.liveness);
    expect(live.status).toBe(503);
    expect(live.body.checks['service:ledger']?.[0]).toMatchObject({ status: 'fail', observedValue: 'faulted' });
    expect(live.body.checks['service:ledger']?.[0]?.output).toMatch(
      /^The service lost its singleton lease at .* and its execute has not returned: it runs unfenced\.$/,
    );
    stubborn.release!();
  });

  it('should call a scheduled workflow stale after the configured number of periods without a success, and fail readiness', async () => {
    const { host, clock, observability } = setUp({ health: { staleAfterPeriods: 3 } });
    let succeed = true;
    host.addWorkflow(
      defineWorkflow('sync')
        .schedule(every('1m'))
        .step('pull', () => {
          if (!succeed) throw new Error('upstream 502');
          return 1;
        }),
    );
    await host.start();
    await clock.advance(0); // t=0 succeeds
    succeed = false;

    await clock.advance('3m'); // t=1m, 2m: failed; 3 periods have not passed since the success at t=0
    const warned = await call(observability.readiness);
    expect(warned.status).toBe(200);
    expect(warned.body.checks['workflow:sync']).toStrictEqual([
      {
        componentType: 'workflow',
        status: 'warn',
        observedValue: 'faulted',
        output: 'Its last run ended failed: upstream 502',
        time: '2026-01-01T00:00:00.000Z',
      },
    ]);

    await clock.advance('1s'); // past 3 periods since the last success
    const stale = await call(observability.readiness);
    expect(stale.status).toBe(503);
    expect(stale.body.output).toBe('fail: workflow:sync');
    expect(stale.body.checks['workflow:sync']?.[0]).toMatchObject({
      status: 'fail',
      observedValue: 'degraded',
      output: 'No successful run within 3 periods of 1m (last success 2026-01-01T00:00:00.000Z).',
    });
    expect((await call(observability.liveness)).status).toBe(200);
    expect(schemaErrors('ietf', stale.body)).toStrictEqual([]);

    succeed = true;
    await clock.advance('1m');
    expect((await call(observability.readiness)).status).toBe(200);
  });

  it('should not call a paused workflow stale', async () => {
    const { host, clock, observability } = setUp({ health: { staleAfterPeriods: 1 } });
    host.addWorkflow(
      defineWorkflow('sync')
        .schedule(every('1m', { paused: true }))
        .step('pull', () => 1),
    );
    await host.start();
    await clock.advance('10m');
    expect((await call(observability.readiness)).body.checks['workflow:sync']?.[0]).toMatchObject({ status: 'pass', observedValue: 'waiting' });
  });

  it('should answer in the terminus shape when asked, valid against its schema', async () => {
    const { host, observability } = setUp({ health: { format: 'terminus' } });
    host.addHealthCheck('postgres:connection', () => ({ status: 'unhealthy', description: 'timeout' }));
    await host.start();

    const ready = await call<TerminusBody>(observability.readiness);

    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('error');
    expect(ready.body.error).toStrictEqual({ 'postgres:connection': { status: 'down', message: 'timeout' } });
    expect(ready.body.info['service:mailer']).toStrictEqual({ status: 'up', state: 'running' });
    expect(ready.body.details).toStrictEqual({ ...ready.body.info, ...ready.body.error });
    expect(schemaErrors('terminus', ready.body)).toStrictEqual([]);
  });
});
