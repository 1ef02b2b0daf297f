import { BackgroundService, BatonErrorCode } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from './fakes/createFakeHost.js';
import { settle } from './fakes/ManualClock.js';
import { RecordingService } from './fakes/RecordingService.js';

const never = (): Promise<void> => new Promise<void>(() => {});

class Failing extends BackgroundService {
  fail: (error: Error) => void = () => {};
  protected execute(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.fail = reject;
      signal.addEventListener('abort', () => resolve());
    });
  }
}

describe('DefaultHost.run', () => {
  describe('when SIGTERM arrives', () => {
    it('should stop gracefully, exit 0 and remove its listeners', async () => {
      const { host, process, logger } = createFakeHost();
      const journal: string[] = [];
      host.addHostedService(new RecordingService('a', journal), { name: 'a' });

      const running = host.run();
      await settle();
      expect(host.state).toBe('running');
      expect(process.listenerCount).toBe(4);
      process.emit('SIGTERM', 'SIGTERM');

      expect(await running).toBe(0);
      expect(process.exitCodes).toStrictEqual([0]);
      expect(process.listenerCount).toBe(0);
      expect(journal).toContain('a:stop');
      expect(logger.events('host:signal:received')[0]?.fields['signal']).toBe('SIGTERM');
    });
  });

  describe('when a second signal arrives during a slow stop', () => {
    it.each([
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const)('should exit at once with 128 + the number of %s (%i)', async (signal, code) => {
      const { host, process, clock } = createFakeHost({ shutdownTimeout: '1m' });
      host.addHostedService(new RecordingService('stubborn', [], { stop: never }), { name: 'stubborn' });
      const running = host.run();
      await settle();

      process.emit('SIGINT', 'SIGINT');
      await settle();
      expect(process.exitCodes).toStrictEqual([]);
      process.emit(signal, signal);

      expect(process.exitCodes).toStrictEqual([code]);
      // The fake exit returns: let the budget run out so run() finishes.
      await clock.advanceBy(60_000);
      await running;
    });
  });

  describe('when the shutdown budget runs out', () => {
    it('should exit 1', async () => {
      const { host, process, clock } = createFakeHost({ shutdownTimeout: '5s' });
      host.addHostedService(new RecordingService('stubborn', [], { stop: never }), { name: 'stubborn' });
      const running = host.run();
      await settle();

      process.emit('SIGTERM', 'SIGTERM');
      await clock.advanceBy(await clock.nextDelay());

      expect(await running).toBe(1);
      expect(process.exitCodes).toStrictEqual([1]);
    });
  });

  describe('when a service faults under stop-host', () => {
    it('should stop the host and exit 1', async () => {
      const { host, process } = createFakeHost();
      const failing = new Failing();
      host.addHostedService(failing);
      const running = host.run();
      await settle();

      failing.fail(new Error('boom'));

      expect(await running).toBe(1);
      expect(process.exitCodes).toStrictEqual([1]);
    });
  });

  describe('when start fails', () => {
    it('should exit 1 without waiting for a signal', async () => {
      const { host, process } = createFakeHost();
      host.addHostedService(new RecordingService('broken', [], { start: () => Promise.reject(new Error('no database')) }), { name: 'broken' });

      expect(await host.run()).toBe(1);
      expect(process.exitCodes).toStrictEqual([1]);
      expect(process.listenerCount).toBe(0);
    });
  });

  describe('when the process has an uncaught exception or unhandled rejection', () => {
    it.each(['uncaughtException', 'unhandledRejection'] as const)("should treat %s as a fault under 'stop-host' and exit 1", async (kind) => {
      const { host, process, logger } = createFakeHost();
      host.addHostedService(new RecordingService('a', []), { name: 'a' });
      const stopped = new Promise<unknown>((resolve) => host.on('stopped', resolve));
      const running = host.run();
      await settle();

      process.emit(kind, new Error('oops'));

      expect(await running).toBe(1);
      expect(await stopped).toMatchObject({ ok: false, faulted: [], errors: [new Error('oops')] });
      expect(logger.events('host:process:faulted')[0]?.fields).toMatchObject({ kind });
    });

    it("should log it and keep running under 'ignore'", async () => {
      const { host, process, logger } = createFakeHost({ onError: 'ignore' });
      host.addHostedService(new RecordingService('a', []), { name: 'a' });
      const running = host.run();
      await settle();

      process.emit('unhandledRejection', 'not even an Error');
      await settle();

      expect(host.state).toBe('running');
      expect(logger.events('host:process:faulted')[0]?.message).toContain('ignored by the host policy');
      process.emit('SIGINT', 'SIGINT');
      expect(await running).toBe(0);
    });
  });

  describe('when the host was started already', () => {
    it('should reject with HOST_ALREADY_STARTED and install nothing', async () => {
      const { host, process } = createFakeHost();
      await host.start();

      await expect(host.run()).rejects.toMatchObject({ code: BatonErrorCode.HostAlreadyStarted });
      expect(process.listenerCount).toBe(0);
      await host.stop();
    });
  });
});
