import { BackgroundService, BatonError, BatonErrorCode, token } from '@baton/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StopResult } from '../StopResult.js';
import { createFakeHost } from './fakes/createFakeHost.js';
import { settle } from './fakes/ManualClock.js';
import { RecordingService } from './fakes/RecordingService.js';

const never = (): Promise<void> => new Promise<void>(() => {});

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>): { readonly done: boolean } {
  const state = { done: false };
  void promise.then(() => (state.done = true));
  return state;
}

describe('DefaultHost.stop', () => {
  let journal: string[];

  beforeEach(() => {
    journal = [];
  });

  describe('when three started services stop cleanly', () => {
    it('should run every stopping hook, then every stop, then every stopped hook, in reverse registration order', async () => {
      const { host } = createFakeHost();
      for (const name of ['a', 'b', 'c']) host.addHostedService(new RecordingService(name, journal), { name });
      await host.start();
      journal.length = 0;

      const result = await host.stop();

      expect(journal).toStrictEqual(['c:stopping', 'b:stopping', 'a:stopping', 'c:stop', 'b:stop', 'a:stop', 'c:stopped', 'b:stopped', 'a:stopped']);
      expect(result).toStrictEqual({ ok: true, timedOut: false, stillRunning: [], faulted: [], errors: [] });
      expect(host.state).toBe('stopped');
    });

    it('should emit stopping before the hooks, and stopped with the result', async () => {
      const { host } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.on('stopping', () => journal.push('event:stopping'));
      let reported: StopResult | undefined;
      host.on('stopped', (result) => {
        reported = result;
        journal.push(`event:stopped:${host.state}`);
      });
      await host.start();
      journal.length = 0;

      const result = await host.stop();

      expect(journal).toStrictEqual(['event:stopping', 'a:stopping', 'a:stop', 'a:stopped', 'event:stopped:stopped']);
      expect(reported).toBe(result);
    });

    it('should dispose the provider after the stopped hooks', async () => {
      const Connection = token<{ dispose(): void }>('host-test/Connection');
      const { host } = createFakeHost();
      host.services.addSingleton(Connection, { useFactory: () => ({ dispose: () => void journal.push('connection:dispose') }) });
      host.addHostedService((resolver) => (resolver.get(Connection), new RecordingService('a', journal)), { name: 'a' });
      await host.start();
      journal.length = 0;

      await host.stop();

      expect(journal).toStrictEqual(['a:stopping', 'a:stop', 'a:stopped', 'connection:dispose']);
    });

    it('should not let a listener that throws disturb the stop', async () => {
      const { host, logger } = createFakeHost();
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.on('stopping', () => {
        throw new Error('listener bug');
      });
      await host.start();

      expect((await host.stop()).ok).toBe(true);
      expect(logger.events('host:listener:failed')).toHaveLength(1);
    });
  });

  describe('when a service ignores its abort signal', () => {
    it('should return at the shutdown deadline, naming it, after asking the others to stop', async () => {
      const { host, clock, logger } = createFakeHost({ shutdownTimeout: '30s' });
      host.addHostedService(new RecordingService('first', journal), { name: 'first' });
      host.addHostedService(new RecordingService('stubborn', journal, { stop: never }), { name: 'stubborn' });
      host.addHostedService(new RecordingService('last', journal), { name: 'last' });
      await host.start();
      journal.length = 0;

      const stopping = host.stop();
      const progress = track(stopping);
      expect(await clock.nextDelay()).toBe(30_000);
      await clock.advanceBy(29_999);
      expect(progress.done).toBe(false);
      await clock.advanceBy(1);
      const result = await stopping;

      expect(result).toStrictEqual({ ok: false, timedOut: true, stillRunning: ['stubborn'], faulted: [], errors: [] });
      expect(journal.filter((line) => line.endsWith(':stop'))).toStrictEqual(['last:stop', 'stubborn:stop', 'first:stop']);
      const report = logger.events('host:stopped')[0];
      expect(report?.level).toBe('error');
      expect(report?.message).toContain('still running after the 30000 ms shutdown budget: stubborn');
    });

    it('should name a BackgroundService whose execute keeps running', async () => {
      class Deaf extends BackgroundService {
        protected async execute(): Promise<void> {
          await never();
        }
      }
      const { host, clock } = createFakeHost({ shutdownTimeout: 1_000 });
      host.addHostedService(Deaf);
      await host.start();

      const stopping = host.stop();
      await clock.advanceBy(await clock.nextDelay());

      expect(await stopping).toMatchObject({ ok: false, timedOut: true, stillRunning: ['Deaf'] });
    });

    it('should end the graceful window early when the caller aborts its signal', async () => {
      const { host } = createFakeHost({ shutdownTimeout: '1h' });
      host.addHostedService(new RecordingService('stubborn', journal, { stop: never }), { name: 'stubborn' });
      await host.start();
      const controller = new AbortController();

      const stopping = host.stop(controller.signal);
      await settle();
      controller.abort();

      expect(await stopping).toMatchObject({ ok: false, timedOut: true, stillRunning: ['stubborn'] });
    });
  });

  describe('when a BackgroundService honours its signal', () => {
    it('should not count the cancellation as a fault', async () => {
      class Polite extends BackgroundService {
        protected async execute(signal: AbortSignal): Promise<void> {
          await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        }
      }
      const { host } = createFakeHost();
      host.addHostedService(Polite);
      await host.start();

      expect(await host.stop()).toStrictEqual({ ok: true, timedOut: false, stillRunning: [], faulted: [], errors: [] });
    });
  });

  describe('when a service throws from stop', () => {
    it('should still stop the others and report SERVICE_STOP_FAILED with the cause', async () => {
      const { host } = createFakeHost();
      const broken = new Error('socket already closed');
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });
      host.addHostedService(new RecordingService('b', journal, { stop: () => Promise.reject(broken) }), { name: 'b' });
      await host.start();
      journal.length = 0;

      const result = await host.stop();

      expect(journal.filter((line) => line.endsWith(':stop'))).toStrictEqual(['b:stop', 'a:stop']);
      expect(result).toMatchObject({ ok: false, timedOut: false, stillRunning: [], faulted: ['b'] });
      expect(result.errors).toHaveLength(1);
      expect(BatonError.is(result.errors[0], BatonErrorCode.ServiceStopFailed)).toBe(true);
      expect(result.errors[0]?.cause).toBe(broken);
    });
  });

  describe('when stop is called before start', () => {
    it('should reject with HOST_NOT_STARTED', async () => {
      const { host } = createFakeHost();

      await expect(host.stop()).rejects.toSatisfy((error) => BatonError.is(error, BatonErrorCode.HostNotStarted));
      expect(host.state).toBe('created');
    });
  });

  describe('when stop is called several times', () => {
    it('should give every concurrent and later caller the same promise and stop each service once', async () => {
      const { host } = createFakeHost({ shutdownTimeout: '10s' });
      let release!: () => void;
      host.addHostedService(new RecordingService('a', journal, { stop: () => new Promise<void>((resolve) => (release = resolve)) }), { name: 'a' });
      await host.start();

      const first = host.stop();
      const second = host.stop();
      await settle();
      release();
      const third = host.stop();
      const results = await Promise.all([first, second, third]);

      expect(second).toBe(first);
      expect(third).toBe(first);
      expect(host.stop()).toBe(first);
      expect(results[0]).toBe(results[2]);
      expect(journal.filter((line) => line === 'a:stop')).toHaveLength(1);
    });
  });
});
