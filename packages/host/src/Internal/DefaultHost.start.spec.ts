import { BackgroundService, BatonErrorCode, Clock, Logger, token, type HostedService, type ServiceResolver } from '@baton/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HostState } from '../HostState.js';
import { createFakeHost } from './fakes/createFakeHost.js';
import { ManualClock, settle } from './fakes/ManualClock.js';
import { RecordingService } from './fakes/RecordingService.js';
import { rejection } from './fakes/batonErrors.js';

const never = (): Promise<void> => new Promise<void>(() => {});

describe('DefaultHost.start', () => {
  let journal: string[];

  beforeEach(() => {
    journal = [];
  });

  describe('when three services with hooks are registered', () => {
    it('should run every starting hook, then every start, then every started hook, in registration order', async () => {
      const { host } = createFakeHost();
      for (const name of ['a', 'b', 'c']) host.addHostedService(new RecordingService(name, journal), { name });

      await host.start();

      expect(journal).toStrictEqual(['a:starting', 'b:starting', 'c:starting', 'a:start', 'b:start', 'c:start', 'a:started', 'b:started', 'c:started']);
    });

    it('should move from created to starting to running and emit started once', async () => {
      const { host } = createFakeHost();
      const states: HostState[] = [host.state];
      host.addHostedService(new RecordingService('a', journal, { start: async () => void states.push(host.state) }), { name: 'a' });
      let started = 0;
      host.on('started', () => started++);

      await host.start();
      states.push(host.state);

      expect(states).toStrictEqual(['created', 'starting', 'running']);
      expect(started).toBe(1);
    });

    it('should log host starting and started with the service count, and each service by name', async () => {
      const { host, logger } = createFakeHost({ name: 'orders' });
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });

      await host.start();

      expect(logger.events('host:starting').map((entry) => entry.fields)).toStrictEqual([{ host: 'orders', event: 'host:starting', services: 1 }]);
      expect(logger.events('host:started')[0]?.fields).toMatchObject({ host: 'orders', services: 1 });
      expect(logger.events('host:service:started').map((entry) => entry.fields['service'])).toStrictEqual(['a']);
    });
  });

  describe('when a BackgroundService blocks in execute', () => {
    it('should return from start once execute has yielded, without waiting for it', async () => {
      class Blocking extends BackgroundService {
        protected async execute(): Promise<void> {
          journal.push('execute:begin');
          await never();
        }
      }
      const { host } = createFakeHost();
      host.addHostedService(Blocking);

      await host.start();

      expect(journal).toStrictEqual(['execute:begin']);
      expect(host.state).toBe('running');
    });
  });

  describe('when hosted services have dependencies', () => {
    const Greeting = token<string>('host-test/Greeting');

    it('should construct a class from the container, with the Clock and Logger the host registered', async () => {
      class Greeter implements HostedService {
        static inject = [Clock, Logger, Greeting] as const;
        constructor(
          readonly clock: Clock,
          readonly log: Logger,
          readonly greeting: string,
        ) {
          instances.push(this);
        }
        async start(): Promise<void> {}
        async stop(): Promise<void> {}
      }
      const instances: Greeter[] = [];
      const { host, clock } = createFakeHost();
      host.services.addSingleton(Greeting, { useValue: 'hello' });
      host.addHostedService(Greeter);

      await host.start();

      expect(instances).toHaveLength(1);
      expect(instances[0]!.clock).toBe(clock);
      expect(instances[0]!.greeting).toBe('hello');
      expect(typeof instances[0]!.log.child).toBe('function');
      expect(host.services.lifetimeOf(Greeter)).toBe('singleton');
    });

    it('should keep a Clock and Logger the app registered itself', async () => {
      const appClock = new ManualClock(0);
      const appLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => appLogger };
      let seen: [Clock, Logger] | undefined;
      const { host } = createFakeHost();
      host.services.addSingleton(Clock, { useValue: appClock }).addSingleton(Logger, { useValue: appLogger });
      host.addHostedService((resolver: ServiceResolver) => {
        seen = [resolver.get(Clock), resolver.get(Logger)];
        return new RecordingService('f', journal);
      });

      await host.start();

      expect(seen?.[0]).toBe(appClock);
      expect(seen?.[1]).toBe(appLogger);
    });

    it('should call a factory with a resolver and name the service after the instance it returns', async () => {
      class Mailer implements HostedService {
        constructor(readonly greeting: string) {}
        async start(): Promise<void> {
          journal.push(`Mailer:start:${this.greeting}`);
        }
        async stop(): Promise<void> {}
      }
      const { host, logger } = createFakeHost();
      host.services.addSingleton(Greeting, { useValue: 'hi' });
      host.addHostedService((resolver) => new Mailer(resolver.get(Greeting)));

      await host.start();

      expect(journal).toStrictEqual(['Mailer:start:hi']);
      expect(logger.events('host:service:started')[0]?.fields['service']).toBe('Mailer');
    });
  });

  describe('when a service throws from start', () => {
    it('should stop the started services in reverse, skip the rest, and reject with SERVICE_START_FAILED', async () => {
      const { host, logger } = createFakeHost();
      const boom = new Error('boom');
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.addHostedService(new RecordingService('b', journal), { name: 'b' });
      host.addHostedService(new RecordingService('c', journal, { start: () => Promise.reject(boom) }), { name: 'c' });
      host.addHostedService(new RecordingService('d', journal), { name: 'd' });

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.ServiceStartFailed);
      expect(error.message).toContain("Hosted service 'c' failed to start: boom");
      expect(error.cause).toBe(boom);
      expect(journal.filter((line) => !line.endsWith(':starting'))).toStrictEqual([
        'a:start',
        'b:start',
        'c:start',
        'b:stopping',
        'a:stopping',
        'b:stop',
        'a:stop',
        'b:stopped',
        'a:stopped',
      ]);
      expect(host.state).toBe('stopped');
      expect(logger.events('host:start:failed')).toHaveLength(1);
    });

    it('should report the failure in the result of a later stop()', async () => {
      const { host } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal, { start: () => Promise.reject(new Error('boom')) }), { name: 'a' });
      const error = await rejection(host.start());

      const result = await host.stop();

      expect(result).toStrictEqual({ ok: false, timedOut: false, stillRunning: [], faulted: ['a'], errors: [error] });
    });

    it('should treat a synchronous throw like a rejection', async () => {
      const { host } = createFakeHost();
      host.addHostedService(
        {
          start: () => {
            throw new Error('sync');
          },
          stop: async () => {},
        } as unknown as HostedService,
        { name: 'sync' },
      );

      expect((await rejection(host.start())).code).toBe(BatonErrorCode.ServiceStartFailed);
    });
  });

  describe('when a starting hook throws', () => {
    it('should start nothing and reject with SERVICE_START_FAILED naming the hook', async () => {
      const { host } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.addHostedService(new RecordingService('b', journal, { starting: () => Promise.reject(new Error('nope')) }), { name: 'b' });

      const error = await rejection(host.start());

      expect(error.message).toContain("Hosted service 'b' threw from its starting hook: nope");
      expect(journal).toStrictEqual(['a:starting', 'b:starting']);
    });
  });

  describe('when startupTimeout passes on the clock', () => {
    it('should stop what started, including the service still starting, and reject with HOST_STARTUP_TIMEOUT', async () => {
      const { host, clock } = createFakeHost({ startupTimeout: '5s' });
      host.addHostedService(new RecordingService('fast', journal), { name: 'fast' });
      host.addHostedService(new RecordingService('stuck', journal, { start: never }), { name: 'stuck' });
      host.addHostedService(new RecordingService('never-started', journal), { name: 'never-started' });

      const starting = rejection(host.start());
      expect(await clock.nextDelay()).toBe(5_000);
      await clock.advanceBy(4_999);
      expect(journal).not.toContain('fast:stop');
      await clock.advanceBy(1);
      const error = await starting;

      expect(error.code).toBe(BatonErrorCode.HostStartupTimeout);
      expect(error.message).toContain("('stuck' was in start)");
      expect(journal.filter((line) => line.endsWith(':stop'))).toStrictEqual(['stuck:stop', 'fast:stop']);
      expect(journal).not.toContain('never-started:start');
    });
  });

  describe('when start is cancelled', () => {
    it('should reject with HOST_START_CANCELLED when the caller aborts its signal', async () => {
      const { host } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.addHostedService(new RecordingService('stuck', journal, { start: never }), { name: 'stuck' });
      const controller = new AbortController();

      const starting = rejection(host.start(controller.signal));
      await settle();
      controller.abort();
      const error = await starting;

      expect(error.code).toBe(BatonErrorCode.HostStartCancelled);
      expect(journal).toContain('a:stop');
      expect(host.state).toBe('stopped');
    });

    it('should reject with HOST_START_CANCELLED when stop() is called meanwhile, and stop resolves ok', async () => {
      const { host } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.addHostedService(
        new RecordingService('slow', journal, { start: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve())) }),
        { name: 'slow' },
      );

      const starting = rejection(host.start());
      await settle();
      const result = await host.stop();
      const error = await starting;

      expect(error.code).toBe(BatonErrorCode.HostStartCancelled);
      expect(error.message).toContain('stop() was called while the host was starting');
      expect(result.ok).toBe(true);
      expect(journal.filter((line) => line.endsWith(':stop'))).toStrictEqual(['slow:stop', 'a:stop']);
    });
  });

  describe('when start is called twice', () => {
    it('should reject the second call with HOST_ALREADY_STARTED, while starting and once running', async () => {
      const { host } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });

      const first = host.start();
      const whileStarting = await rejection(host.start());
      await first;
      const whileRunning = await rejection(host.start());

      expect([whileStarting.code, whileRunning.code]).toStrictEqual([BatonErrorCode.HostAlreadyStarted, BatonErrorCode.HostAlreadyStarted]);
      expect(whileRunning.message).toContain('it is running');
    });
  });
});
