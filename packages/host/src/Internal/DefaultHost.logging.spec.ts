import { BackgroundService, Clock, defineWorkflow, every, Logger, Workflows, type HostedService, type LogFields } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from './fakes/createFakeHost.js';
import { settle } from './fakes/ManualClock.js';
import { RecordingLogger } from './fakes/RecordingLogger.js';
import { ThrowingLogger } from './fakes/ThrowingLogger.js';

const MINUTE = 60_000;

describe('DefaultHost logging', () => {
  describe('when the logger throws on every call from the 5th on', () => {
    it("should leave the workflow's scheduled runs succeeded and its manual trigger resolved", async () => {
      const logger = new ThrowingLogger(5);
      const { host, clock } = createFakeHost({ logger });
      host.addWorkflow(
        defineWorkflow('tick')
          .schedule(every('1m'))
          .step('a', () => 1)
          .step('b', ({ log }) => log.info('in b')),
      );
      await host.start();

      await clock.advanceBy(3 * MINUTE);
      const manual = await host.provider.get(Workflows).trigger('tick');
      const runs = await host.provider.get(Workflows).history('tick');
      const result = await host.stop();

      expect(logger.calls).toBeGreaterThan(5);
      expect(runs.map((run) => [run.trigger, run.status, run.steps.map((step) => step.status)])).toStrictEqual([
        ['manual', 'succeeded', ['succeeded', 'succeeded']],
        ...[1, 2, 3, 4].map(() => ['schedule', 'succeeded', ['succeeded', 'succeeded']]),
      ]);
      expect(manual.status).toBe('succeeded');
      expect(result).toMatchObject({ ok: true, errors: [] });
      expect(host.state).toBe('stopped');
    });

    it('should report it once on stderr, with the error, and count it', async () => {
      const logger = new ThrowingLogger(5);
      const { host, clock, stderr } = createFakeHost({ logger });
      host.addWorkflow(
        defineWorkflow('tick')
          .schedule(every('1m'))
          .step('a', () => 1),
      );
      await host.start();
      await clock.advanceBy(2 * MINUTE);

      const report = await host.health();
      await host.stop();

      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toContain('[baton] The logger threw');
      expect(stderr[0]).toContain('Error: log sink is down (call 5)');
      expect(stderr[0]).toMatch(/\n\s+at /); // the stack
      expect(report.status).toBe('degraded');
      expect(report.entries['logger']).toMatchObject({ status: 'degraded', data: { lastError: expect.stringContaining('log sink is down') } });
      expect(report.entries['logger']?.data?.['failures']).toBeGreaterThan(1);
    });
  });

  describe('when the logger fails for a while, then writes again', () => {
    it('should show degraded while it fails and healthy, with the count, once it writes', async () => {
      const logger = new ThrowingLogger();
      const { host } = createFakeHost({ logger });
      const service: HostedService = { start: async () => {}, stop: async () => {} };
      host.addHostedService(service, { name: 'quiet' });
      await host.start();
      const log = host.provider.get(Logger);

      const before = await host.health();
      logger.failing = true;
      log.info('dropped');
      log.warn('dropped too');
      const during = await host.health();
      logger.failing = false;
      log.info('written');
      const after = await host.health();
      await host.stop();

      expect(before.entries['logger']).toBeUndefined();
      expect(during.entries['logger']).toMatchObject({ status: 'degraded', data: { failures: 2 } });
      expect(after.entries['logger']).toMatchObject({ status: 'healthy', data: { failures: 2 } });
      expect(after.status).toBe('healthy');
      expect(logger.entries.map((entry) => entry.message).filter((message) => ['dropped', 'dropped too', 'written'].includes(message))).toStrictEqual([
        'written',
      ]);
    });
  });

  describe('when the logger throws from its first call', () => {
    it('should start, run a service and stop cleanly', async () => {
      const logger = new ThrowingLogger(1);
      const { host, stderr } = createFakeHost({ logger });
      const journal: string[] = [];
      host.addHostedService({ start: async () => void journal.push('start'), stop: async () => void journal.push('stop') }, { name: 'svc' });

      await host.start();
      const result = await host.stop();

      expect(journal).toStrictEqual(['start', 'stop']);
      expect(result.ok).toBe(true);
      expect(stderr).toHaveLength(1);
    });
  });

  describe("when the logger's child() throws", () => {
    it('should create and start the host, and write each entry with the child fields through the parent', async () => {
      const logger = new ThrowingLogger();
      logger.childThrows = true;
      const { host, stderr } = createFakeHost({ logger, name: 'orders' });
      host.addHostedService({ start: async () => {}, stop: async () => {} }, { name: 'svc' });

      await host.start();
      await host.stop();

      expect(logger.entries.find((entry) => entry.fields['event'] === 'host:service:started')?.fields).toMatchObject({ host: 'orders', service: 'svc' });
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toContain('child() is broken');
    });
  });

  describe('when the logger returns a rejected promise', () => {
    it('should count it instead of leaving an unhandled rejection', async () => {
      const rejecting = {
        error: async () => Promise.reject(new Error('async sink down')),
        warn: async () => Promise.reject(new Error('async sink down')),
        info: async () => Promise.reject(new Error('async sink down')),
        debug: async () => Promise.reject(new Error('async sink down')),
        child: () => rejecting,
      } as unknown as Logger;
      const { host, stderr } = createFakeHost({ logger: rejecting });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        host.addHostedService({ start: async () => {}, stop: async () => {} }, { name: 'svc' });
        await host.start();
        await settle();
        const report = await host.health();
        await host.stop();
        await settle();

        expect(unhandled).toStrictEqual([]);
        expect(report.entries['logger']).toMatchObject({ status: 'degraded' });
        expect(stderr[0]).toContain('async sink down');
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });
  });

  describe('when a hosted service injects Logger', () => {
    class Reporter extends BackgroundService {
      static inject = [Clock, Logger] as const;
      constructor(
        readonly clock: Clock,
        readonly log: Logger,
      ) {
        super();
      }

      protected async execute(): Promise<void> {
        this.log.info('reporting', { event: 'test:report' });
      }
    }

    it('should give a class a child logger carrying its class name or its registration name', async () => {
      const { host, logger } = createFakeHost({ name: 'shop' });
      class Auditor extends Reporter {}
      host.addHostedService(Reporter).addHostedService(Auditor, { name: 'audit' });
      await host.start();
      await settle();
      await host.stop();

      expect(logger.events('test:report').map((entry) => entry.fields)).toStrictEqual([
        { host: 'shop', service: 'Reporter', event: 'test:report' },
        { host: 'shop', service: 'audit', event: 'test:report' },
      ]);
    });

    it('should give a factory a resolver whose Logger carries the service name, named or named after its instance', async () => {
      const { host, logger } = createFakeHost({ name: 'shop' });
      class Poller implements HostedService {
        constructor(readonly log: Logger) {}
        async start(): Promise<void> {
          this.log.info('polling', { event: 'test:poll' });
        }
        async stop(): Promise<void> {}
      }
      host.addHostedService((services) => new Poller(services.get(Logger)), { name: 'orders-poller' });
      host.addHostedService((services) => new Poller(services.get(Logger)));
      await host.start();
      await host.stop();

      expect(logger.events('test:poll').map((entry) => entry.fields['service'])).toStrictEqual(['orders-poller', 'Poller']);
    });

    it("should leave the app's own Logger registration as it is", async () => {
      const { host } = createFakeHost();
      const own = new RecordingLogger();
      host.services.addSingleton(Logger, { useValue: own });
      host.addHostedService(Reporter);
      await host.start();
      await settle();
      await host.stop();

      expect(own.entries.map((entry): LogFields => entry.fields)).toStrictEqual([{ event: 'test:report' }]);
    });
  });
});
