import { readFileSync } from 'node:fs';
import { BackgroundService, BatonErrorCode, Clock, Logger, token, Workflows, type HostedService, type HostedServiceRegistration } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from './fakes/createFakeHost.js';
import { RecordingService } from './fakes/RecordingService.js';
import { thrown, rejection } from './fakes/batonErrors.js';

class Worker extends BackgroundService {
  protected async execute(): Promise<void> {}
}

describe('DefaultHost validation', () => {
  describe('when addHostedService gets something that is not a hosted service', () => {
    const cases: [string, unknown][] = [
      ['a number', 42],
      ['null', null],
      ['an object without start and stop', { start: async () => {} }],
      ['a string', 'Worker'],
      ['a class without start and stop', class NotAService {}],
    ];

    it.each(cases)('should throw HOST_INVALID_HOSTED_SERVICE for %s', (_label, value) => {
      const { host } = createFakeHost();

      expect(thrown(() => host.addHostedService(value as HostedServiceRegistration)).code).toBe(BatonErrorCode.HostInvalidHostedService);
    });

    it('should name the class that lacks start and stop', () => {
      const { host } = createFakeHost();

      expect(thrown(() => host.addHostedService(class NotAService {} as never)).message).toContain('Class NotAService is not a hosted service');
    });

    it('should throw HOST_INVALID_HOSTED_SERVICE at start when a factory returns something else', async () => {
      const { host } = createFakeHost();
      host.addHostedService(() => ({ run: () => {} }) as unknown as HostedService);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.HostInvalidHostedService);
      expect(error.message).toContain('hosted service #1 returned an object');
    });
  });

  describe('when addHostedService gets invalid options', () => {
    const cases: [string, unknown, string][] = [
      ['an empty name', { name: '' }, 'name of a hosted service'],
      ['an unknown key', { retries: 3 }, "Unknown hosted service option 'retries'"],
      ['an unknown policy', { name: 'w', onError: 'shrug' }, "onError of hosted service 'w'"],
      ['a string', 'w', 'addHostedService options must be an object'],
    ];

    it.each(cases)('should throw HOST_INVALID_OPTIONS for %s', (_label, options, named) => {
      const { host } = createFakeHost();
      const error = thrown(() => host.addHostedService(Worker, options as never));

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message).toContain(named);
    });
  });

  describe('when the same hosted service is registered twice', () => {
    const factory = (): HostedService => new RecordingService('f', []);
    const instance = new RecordingService('i', []);
    const cases: [string, HostedServiceRegistration, HostedServiceRegistration, object?][] = [
      ['the same class', Worker, Worker],
      ['the same class under another name', Worker, Worker, { name: 'other' }],
      ['the same factory', factory, factory],
      ['the same instance', instance, instance, { name: 'other' }],
      [
        'two classes with the same name',
        Worker,
        class Worker extends BackgroundService {
          protected async execute(): Promise<void> {}
        },
      ],
      ['a name taken by another service', Worker, factory, { name: 'Worker' }],
    ];

    it.each(cases)('should throw HOST_DUPLICATE_HOSTED_SERVICE for %s', (_label, first, second, options) => {
      const { host } = createFakeHost();
      host.addHostedService(first);

      expect(thrown(() => host.addHostedService(second, options)).code).toBe(BatonErrorCode.HostDuplicateHostedService);
    });

    it('should accept two factories for the same kind of service under different names', () => {
      const { host } = createFakeHost();
      host.addHostedService(factory, { name: 'one' });

      expect(() => host.addHostedService(() => factory(), { name: 'two' })).not.toThrow();
    });
  });

  describe('when registering after start', () => {
    it('should throw HOST_REGISTRATION_CLOSED for hosted services and for services', async () => {
      const { host } = createFakeHost();
      host.addHostedService(Worker);
      await host.start();

      expect(thrown(() => host.addHostedService(new RecordingService('late', []), { name: 'late' })).code).toBe(BatonErrorCode.HostRegistrationClosed);
      expect(thrown(() => host.services.addSingleton(token<string>('host-test/Late'), { useValue: 'x' })).code).toBe(BatonErrorCode.HostRegistrationClosed);
      await host.stop();
    });

    it('should be the one code docs/reference/errors.md documents for a registration after the host started', async () => {
      const errorsDoc = readFileSync(new URL('../../../../docs/reference/errors.md', import.meta.url), 'utf8');
      const { host } = createFakeHost();
      await host.start();

      const code = thrown(() => host.services.addSingleton(token<string>('host-test/Late'), { useValue: 'x' })).code;
      await host.stop();

      const documented = errorsDoc
        .split('\n')
        .filter((line) => line.startsWith('| BATON_ERR_') && /after the host (has )?started/.test(line))
        .map((line) => line.split('|')[1]!.trim());
      expect(documented).toStrictEqual([code]);
    });
  });

  describe('when Workflows is resolved and no workflow was added', () => {
    it('should throw DI_MISSING_BINDING saying to add a workflow', async () => {
      const { host } = createFakeHost();
      await host.start();

      const error = thrown(() => host.provider.get(Workflows));
      await host.stop();

      expect(error.code).toBe(BatonErrorCode.DiMissingBinding);
      expect(error.message).toContain("No service is registered for '@baton/core/Workflows'. Add a workflow with host.addWorkflow(workflow)");
      expect(error.message).not.toContain('services.addSingleton');
    });
  });

  describe('when the dependency graph is broken', () => {
    const Repository = token<object>('host-test/Repository');
    const UnitOfWork = token<object>('host-test/UnitOfWork');

    class Reconciler implements HostedService {
      static inject = [Repository] as const;
      constructor(readonly repository: object) {}
      async start(): Promise<void> {}
      async stop(): Promise<void> {}
    }

    it('should reject start with DI_MISSING_BINDING naming the chain, and start nothing', async () => {
      const { host } = createFakeHost();
      const journal: string[] = [];
      host.addHostedService(new RecordingService('first', journal), { name: 'first' });
      host.addHostedService(Reconciler);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiMissingBinding);
      expect(error.message).toContain('Reconciler → host-test/Repository');
      expect(journal).toStrictEqual([]);
      expect(host.state).toBe('stopped');
    });

    it('should name the chain from the hosted service, whatever the registration order', async () => {
      const Mid = token<object>('host-test/Mid');
      const Leaf = token<object>('host-test/Leaf');
      const Missing = token<object>('host-test/Missing');
      class Consumer extends BackgroundService {
        static inject = [Mid];
        constructor(readonly mid: object) {
          super();
        }
        protected async execute(): Promise<void> {}
      }
      const { host } = createFakeHost();
      host.services.addSingleton(Mid, { useFactory: () => ({}), deps: [Leaf] }).addSingleton(Leaf, { useFactory: () => ({}), deps: [Missing] });
      host.addHostedService(Consumer);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiMissingBinding);
      expect(error.message).toContain("'host-test/Missing' (needed by Consumer → host-test/Mid → host-test/Leaf → host-test/Missing)");
    });

    it('should reject start with DI_CAPTIVE_DEPENDENCY naming the singleton and the scoped service', async () => {
      class MemoryRepository {}
      const { host } = createFakeHost();
      host.services.addScoped(Repository, MemoryRepository);
      host.addHostedService(Reconciler);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiCaptiveDependency);
      expect(error.message).toContain("Singleton 'Reconciler' depends on scoped 'host-test/Repository'");
    });

    it('should reject start with DI_CAPTIVE_DEPENDENCY for a captive among the other registrations', async () => {
      class MemoryRepository {}
      class Cache {
        static inject = [Repository] as const;
        constructor(readonly repository: object) {}
      }
      const { host } = createFakeHost();
      host.services.addScoped(Repository, MemoryRepository).addSingleton(Cache);
      host.addHostedService(Worker);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiCaptiveDependency);
      expect(error.message).toContain("Singleton 'Cache'");
    });

    it('should reject start with DI_SCOPED_FROM_ROOT when the app registered a hosted class as scoped', async () => {
      const { host } = createFakeHost();
      host.services.addScoped(Worker);
      host.addHostedService(Worker);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiScopedFromRoot);
      expect(error.message).toContain("Scoped service 'Worker'");
    });

    it('should reject start with DI_CYCLE naming the loop', async () => {
      class A {
        static inject = [UnitOfWork] as const;
        constructor(readonly b: object) {}
      }
      const { host } = createFakeHost();
      host.services.addSingleton(Repository, A).addSingleton(UnitOfWork, { useFactory: (resolver) => resolver.get(Repository), deps: [Repository] });
      host.addHostedService(Reconciler);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiCycle);
      expect(error.message).toContain('host-test/Repository → host-test/UnitOfWork → host-test/Repository');
    });
  });

  describe('when a hosted class lists its static inject keys in another order than its constructor', () => {
    class Poller extends BackgroundService {
      static inject = [Logger, Clock];
      constructor(
        private readonly clock: Clock,
        private readonly logger: Logger,
      ) {
        super();
      }
      protected async execute(signal: AbortSignal): Promise<void> {
        while (await this.clock.sleep(1_000, signal)) this.logger.info('polled');
      }
    }

    it('should reject start with DI_INVALID_REGISTRATION naming the class and the parameter, and start nothing', async () => {
      const { host } = createFakeHost();
      const journal: string[] = [];
      host.addHostedService(new RecordingService('first', journal), { name: 'first' });
      host.addHostedService(Poller);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.DiInvalidRegistration);
      expect(error.message).toContain(
        "Class Poller lists static inject [Logger, Clock], but its constructor takes (clock, logger): parameter #1 'clock' would get Logger",
      );
      expect(journal).toStrictEqual([]);
    });
  });

  describe('when a hosted class throws while being constructed', () => {
    it('should reject start with SERVICE_START_FAILED naming it, with the cause', async () => {
      const cause = new Error('bad config');
      class Fragile extends BackgroundService {
        constructor() {
          super();
          throw cause;
        }
        protected async execute(): Promise<void> {}
      }
      const { host } = createFakeHost();
      host.addHostedService(Fragile);

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.ServiceStartFailed);
      expect(error.message).toContain("Hosted service 'Fragile' could not be created: bad config");
      expect(error.cause).toBe(cause);
    });
  });
});
