import {
  BackgroundService,
  BatonErrorCode,
  defineWorkflow,
  every,
  InMemoryRunStore,
  RunStore,
  token,
  Workflows,
  type HostedService,
  type RunRecord,
} from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HealthCheck, HealthCheckRegistration, HealthCheckResult } from '@baton/core';
import type { HealthReport } from '../Health/HealthReport.js';
import { createFakeHost } from './fakes/createFakeHost.js';
import type { ManualClock } from './fakes/ManualClock.js';
import { settle } from './fakes/ManualClock.js';
import type { DefaultHost } from './DefaultHost.js';
import { thrown, rejection } from './fakes/batonErrors.js';

/** Whether `promise` has settled, after letting pending work run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
}

const healthy = (): HealthCheckResult => ({ status: 'healthy' });
const hostHealthy = { status: 'healthy', description: 'The host is running.', data: { state: 'running' }, durationMs: 0, tags: [] };

/** A check that never answers on its own, recording the signal it was given. */
class HungCheck implements HealthCheck {
  signal: AbortSignal | undefined;
  check(signal: AbortSignal): Promise<HealthCheckResult> {
    this.signal = signal;
    return new Promise<HealthCheckResult>(() => {});
  }
}

describe('DefaultHost health', () => {
  let host: DefaultHost;
  let clock: ManualClock;

  beforeEach(() => {
    ({ host, clock } = createFakeHost());
  });

  afterEach(async () => {
    if (host.state !== 'created') await host.stop();
  });

  describe('when addHealthCheck gets a bad name', () => {
    const cases: [string, unknown][] = [
      ['an empty string', ''],
      ['only spaces', '   '],
      ['a number', 42],
      ['undefined', undefined],
    ];

    it.each(cases)('should throw HOST_INVALID_HEALTH_CHECK for %s', (_label, name) => {
      expect(thrown(() => host.addHealthCheck(name as string, healthy)).code).toBe(BatonErrorCode.HostInvalidHealthCheck);
    });
  });

  describe('when addHealthCheck gets something that is not a check', () => {
    const cases: [string, unknown][] = [
      ['a number', 42],
      ['null', null],
      ['an object without check', { run: () => ({ status: 'healthy' }) }],
      ['a string', 'db'],
      ['a class without check', class NotACheck {}],
    ];

    it.each(cases)('should throw HOST_INVALID_HEALTH_CHECK for %s', (_label, check) => {
      const error = thrown(() => host.addHealthCheck('db', check as HealthCheckRegistration));

      expect(error.code).toBe(BatonErrorCode.HostInvalidHealthCheck);
      expect(error.message).toContain("'db'");
    });
  });

  describe('when a health check name is taken', () => {
    it.each(['host', 'workflows'])('should throw HOST_DUPLICATE_HEALTH_CHECK for the built-in %s', (name) => {
      expect(thrown(() => host.addHealthCheck(name, healthy)).code).toBe(BatonErrorCode.HostDuplicateHealthCheck);
    });

    it('should throw HOST_DUPLICATE_HEALTH_CHECK for a second check of the same name', () => {
      host.addHealthCheck('db', healthy);

      const error = thrown(() => host.addHealthCheck('db', () => ({ status: 'degraded' })));

      expect(error.code).toBe(BatonErrorCode.HostDuplicateHealthCheck);
      expect(error.message).toContain("A health check named 'db' is already registered");
    });
  });

  describe('when addHealthCheck gets invalid options', () => {
    const cases: [string, unknown, string][] = [
      ['a negative timeout', { timeout: -1 }, "timeout of health check 'db'"],
      ['a zero timeout', { timeout: 0 }, "timeout of health check 'db' must be greater than zero"],
      ['a bad duration string', { timeout: 'soon' }, "timeout of health check 'db'"],
      ['tags that are not an array', { tags: 'ready' }, "tags of health check 'db'"],
      ['an empty tag', { tags: [''] }, "tags of health check 'db'"],
      ['an unknown key', { retries: 3 }, "Unknown health check option 'retries'"],
      ['a string', 'fast', 'addHealthCheck options must be an object'],
    ];

    it.each(cases)('should throw HOST_INVALID_OPTIONS for %s', (_label, options, named) => {
      const error = thrown(() => host.addHealthCheck('db', healthy, options as never));

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message).toContain(named);
    });
  });

  describe('when addHealthCheck is called after start', () => {
    it('should throw HOST_REGISTRATION_CLOSED', async () => {
      await host.start();

      expect(thrown(() => host.addHealthCheck('db', healthy)).code).toBe(BatonErrorCode.HostRegistrationClosed);
    });
  });

  describe('when every check is healthy', () => {
    it('should report healthy, with host first and the checks in registration order', async () => {
      host
        .addHealthCheck('db', () => ({ status: 'healthy', description: 'Pool has 4 idle connections.', data: { idle: 4 } }), { tags: ['ready'] })
        .addHealthCheck('cache', { check: async () => ({ status: 'healthy' }) });
      await host.start();

      const report = await host.health();

      expect(report).toStrictEqual({
        status: 'healthy',
        checkedAt: clock.now(),
        durationMs: 0,
        entries: {
          host: hostHealthy,
          db: { status: 'healthy', description: 'Pool has 4 idle connections.', data: { idle: 4 }, durationMs: 0, tags: ['ready'] },
          cache: { status: 'healthy', durationMs: 0, tags: [] },
        },
      });
      expect(Object.keys(report.entries)).toStrictEqual(['host', 'db', 'cache']);
    });
  });

  describe('when the checks disagree', () => {
    it('should report the worst status: unhealthy over degraded over healthy', async () => {
      host
        .addHealthCheck('a', healthy)
        .addHealthCheck('b', () => ({ status: 'degraded' }))
        .addHealthCheck('c', async () => ({ status: 'unhealthy' }));
      await host.start();

      expect((await host.health()).status).toBe('unhealthy');
    });

    it('should report degraded when the worst is degraded', async () => {
      host.addHealthCheck('a', healthy).addHealthCheck('b', () => ({ status: 'degraded' }));
      await host.start();

      expect((await host.health()).status).toBe('degraded');
    });
  });

  describe('when a check fails', () => {
    it('should report each failure unhealthy with its error, and still resolve', async () => {
      host
        .addHealthCheck('throws', () => {
          throw new Error('connection refused');
        })
        .addHealthCheck('rejects', async () => Promise.reject(new TypeError('pool is closed')))
        .addHealthCheck('invalid', () => ({ status: 'fine' }) as unknown as HealthCheckResult)
        .addHealthCheck('nothing', () => undefined as unknown as HealthCheckResult)
        .addHealthCheck('ok', healthy);
      await host.start();

      const { status, entries } = await host.health();

      expect(status).toBe('unhealthy');
      expect(entries['throws']).toStrictEqual({ status: 'unhealthy', durationMs: 0, error: 'connection refused', tags: [] });
      expect(entries['rejects']).toStrictEqual({ status: 'unhealthy', durationMs: 0, error: 'pool is closed', tags: [] });
      expect(entries['invalid']?.error).toContain("The check returned an object, not { status: 'healthy' | 'degraded' | 'unhealthy'");
      expect(entries['nothing']?.error).toContain('The check returned undefined');
      expect(entries['ok']?.status).toBe('healthy');
    });
  });

  describe('when a check hangs', () => {
    it('should report it unhealthy once its timeout passes on the Clock, and abort its signal', async () => {
      const hung = new HungCheck();
      host.addHealthCheck('hung', hung, { timeout: '2s' }).addHealthCheck('ok', healthy);
      await host.start();
      const began = clock.now();

      const pending = host.health();
      // The fast checks answer before any time passes.
      await settle();
      await clock.advanceBy(1_999);
      expect(await isSettled(pending)).toBe(false);
      expect(hung.signal?.aborted).toBe(false);
      await clock.advanceBy(1);
      const report = await pending;

      expect(report).toStrictEqual({
        status: 'unhealthy',
        checkedAt: began,
        durationMs: 2_000,
        entries: {
          host: hostHealthy,
          hung: { status: 'unhealthy', durationMs: 2_000, error: 'Timed out after 2000 ms.', tags: [] },
          ok: { status: 'healthy', durationMs: 0, tags: [] },
        },
      });
      expect(hung.signal?.aborted).toBe(true);
    });

    it('should time out after 5 s by default', async () => {
      host.addHealthCheck('hung', new HungCheck());
      await host.start();

      const pending = host.health();
      await clock.advanceBy(4_999);
      expect(await isSettled(pending)).toBe(false);
      await clock.advanceBy(1);

      expect((await pending).entries['hung']?.error).toBe('Timed out after 5000 ms.');
    });

    it('should leave no sleeper on the Clock once the report is done', async () => {
      host.addHealthCheck('fast', healthy);
      await host.start();
      const before = clock.pending.length;

      await host.health();

      expect(clock.pending.length).toBe(before);
    });
  });

  describe('when the signal given to health() aborts', () => {
    it('should report the checks still running unhealthy and resolve at once', async () => {
      const hung = new HungCheck();
      host.addHealthCheck('hung', hung).addHealthCheck('ok', healthy);
      await host.start();
      const controller = new AbortController();

      const pending = host.health({ signal: controller.signal });
      await settle();
      controller.abort();
      const report = await pending;

      expect(report.entries['hung']).toStrictEqual({ status: 'unhealthy', durationMs: 0, error: 'Cancelled: the signal given to health() aborted.', tags: [] });
      expect(report.entries['ok']?.status).toBe('healthy');
      expect(hung.signal?.aborted).toBe(true);
    });
  });

  describe('when health() is given tags', () => {
    beforeEach(async () => {
      host
        .addHealthCheck('db', healthy, { tags: ['ready'] })
        .addHealthCheck('disk', healthy, { tags: ['live', 'ready'] })
        .addHealthCheck('untagged', healthy);
      await host.start();
    });

    it('should run only the checks carrying one of them, and the built-in entries', async () => {
      expect(Object.keys((await host.health({ tags: ['live'] })).entries)).toStrictEqual(['host', 'disk']);
      expect(Object.keys((await host.health({ tags: ['ready'] })).entries)).toStrictEqual(['host', 'db', 'disk']);
    });

    it('should run every check without tags, and none with an empty list', async () => {
      expect(Object.keys((await host.health()).entries)).toStrictEqual(['host', 'db', 'disk', 'untagged']);
      expect(Object.keys((await host.health({ tags: [] })).entries)).toStrictEqual(['host']);
    });

    it('should reject invalid options with HOST_INVALID_OPTIONS', async () => {
      expect((await rejection(host.health({ tags: 'live' as never }))).code).toBe(BatonErrorCode.HostInvalidOptions);
      expect((await rejection(host.health({ tag: ['live'] } as never))).message).toContain("Unknown health() option 'tag'");
    });
  });

  describe('when a check is a class', () => {
    const Pool = token<{ idle(): number }>('test/Pool');

    class PoolCheck implements HealthCheck {
      static inject = [Pool] as const;
      constructor(private readonly pool: { idle(): number }) {}
      check(): HealthCheckResult {
        return { status: 'healthy', data: { idle: this.pool.idle() } };
      }
    }

    it('should resolve it from the container at start', async () => {
      host.services.addSingleton(Pool, { useValue: { idle: () => 3 } });
      host.addHealthCheck('pool', PoolCheck);
      await host.start();

      expect((await host.health()).entries['pool']).toStrictEqual({ status: 'healthy', data: { idle: 3 }, durationMs: 0, tags: [] });
    });

    it('should fail the start naming the missing dependency', async () => {
      host.addHealthCheck('pool', PoolCheck);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiMissingBinding);
      expect(error.message).toContain('test/Pool');
    });
  });

  describe('when the host is not running', () => {
    it('should report host unhealthy before start, without calling the checks', async () => {
      let calls = 0;
      host.addHealthCheck('db', () => (calls++, { status: 'healthy' }));

      const report = await host.health();

      expect(report).toStrictEqual({
        status: 'unhealthy',
        checkedAt: clock.now(),
        durationMs: 0,
        entries: {
          host: { status: 'unhealthy', description: 'The host is created.', data: { state: 'created' }, durationMs: 0, tags: [] },
          db: { status: 'unhealthy', description: 'Not checked: the host is created.', durationMs: 0, tags: [] },
        },
      });
      expect(calls).toBe(0);
    });

    it('should report host unhealthy once stopped', async () => {
      await host.start();
      await host.stop();

      expect((await host.health()).entries['host']).toMatchObject({ status: 'unhealthy', data: { state: 'stopped' } });
    });
  });

  describe('when a hosted service faulted under onError ignore', () => {
    class Faulty extends BackgroundService {
      protected async execute(): Promise<void> {
        throw new Error('lost the queue');
      }
    }

    it('should report host degraded, naming the service', async () => {
      host.addHostedService(Faulty, { onError: 'ignore' });
      await host.start();
      await settle();

      expect(await host.health()).toMatchObject<Partial<HealthReport>>({
        status: 'degraded',
        entries: {
          host: {
            status: 'degraded',
            description: "The host is running, but 'Faulty' faulted and stopped; the other services keep running.",
            data: { state: 'running', faulted: ['Faulty'] },
            durationMs: 0,
            tags: [],
          },
        },
      });
    });
  });

  describe('when a hosted service is waiting to restart', () => {
    class FailsOnce extends BackgroundService {
      runs = 0;
      protected async execute(signal: AbortSignal): Promise<void> {
        if (++this.runs === 1) throw new Error('first run fails');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      }
    }

    it('should report host degraded while it restarts, and healthy once it runs again', async () => {
      host.addHostedService(FailsOnce, { onError: { restart: { initialDelay: '1s', jitter: 0 } } });
      await host.start();
      await settle();

      expect((await host.health()).entries['host']).toMatchObject({
        status: 'degraded',
        description: "The host is running, but 'FailsOnce' is restarting.",
        data: { state: 'running', restarting: ['FailsOnce'] },
      });

      await clock.advanceBy(1_000);

      expect((await host.health()).entries['host']?.status).toBe('healthy');
    });
  });

  describe('when the host has workflows', () => {
    const Mailer = token<{ send(text: string): string }>('test/Mailer');

    it('should leave the workflows entry out when none is registered', async () => {
      host.addHostedService({ start: async () => {}, stop: async () => {} } as HostedService);
      await host.start();

      expect(Object.keys((await host.health()).entries)).toStrictEqual(['host']);
    });

    it('should report a lazy workflow waiting for a binding as degraded, then healthy once it is bound late', async () => {
      host.addWorkflow(
        defineWorkflow('lazy-mail')
          .schedule(every('1m'))
          .options({ requires: 'lazy' })
          .uses(Mailer)
          .step('send', ({ get }) => get(Mailer).send('hello')),
      );
      await host.start();

      const waiting = await host.health();

      expect(waiting.status).toBe('degraded');
      expect(waiting.entries['workflows']).toStrictEqual({
        status: 'degraded',
        description: "1 of 1 workflows is waiting for a binding: 'lazy-mail' (missing test/Mailer). Bind it with Workflows.bindLate().",
        data: { waiting: { 'lazy-mail': ['test/Mailer'] }, workflows: { 'lazy-mail': { state: 'waiting' } } },
        durationMs: 0,
        tags: [],
      });

      host.provider.get(Workflows).bindLate(Mailer, { useValue: { send: (text) => `sent ${text}` } });
      await clock.advanceBy(0);
      const bound = await host.health();

      expect(bound.status).toBe('healthy');
      expect(bound.entries['workflows']).toMatchObject({
        status: 'healthy',
        description: '1 workflow registered; none waiting.',
        data: { workflows: { 'lazy-mail': { state: 'scheduled' } } },
      });
    });

    it("should report the status of each workflow's last run", async () => {
      host.addWorkflow(
        defineWorkflow('tick')
          .schedule(every('1m'))
          .step('a', () => 1),
      );
      await host.start();
      await clock.advanceBy(60_000);

      expect((await host.health()).entries['workflows']?.data).toStrictEqual({ workflows: { tick: { state: 'scheduled', lastRun: 'succeeded' } } });
    });

    it('should answer within a second, degraded, while the run store does not answer', async () => {
      let reads = 0;
      class UnansweringStore extends InMemoryRunStore {
        override lastRun(): Promise<RunRecord | undefined> {
          reads++;
          return new Promise(() => {}); // a store retrying through an outage
        }
      }
      host.services.addSingleton(RunStore, { useValue: new UnansweringStore({ clock }) });
      host.addWorkflow(
        defineWorkflow('tick')
          .schedule(every('1m'))
          .step('a', () => 1),
      );
      await host.start();

      const report = host.health();
      await settle();
      expect(reads).toBe(1);
      await clock.advanceBy(999);
      expect(await isSettled(report)).toBe(false);
      await clock.advanceBy(1);

      expect(await isSettled(report)).toBe(true);
      const { status, entries } = await report;
      expect(status).toBe('degraded');
      expect(entries['workflows']).toStrictEqual({
        status: 'degraded',
        description: "The run store did not answer within 1000 ms: the workflows' last runs are not known; runs carry on once it is back.",
        data: { storeReachable: false },
        durationMs: 1_000,
        tags: [],
      });
      expect(entries['host']?.status).toBe('healthy');
    });
  });
});
