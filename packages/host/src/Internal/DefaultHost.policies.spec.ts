import { BackgroundService, BatonError, BatonErrorCode } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeHost } from './fakes/createFakeHost.js';
import { settle } from './fakes/ManualClock.js';

/** A BackgroundService whose every run waits until the test fails it, recording starts and stops. */
class Flaky extends BackgroundService {
  readonly journal: string[] = [];
  #fail: ((error: Error) => void) | undefined;

  protected execute(signal: AbortSignal): Promise<void> {
    this.journal.push('execute');
    return new Promise<void>((resolve, reject) => {
      this.#fail = reject;
      signal.addEventListener('abort', () => resolve());
    });
  }

  override async start(signal: AbortSignal): Promise<void> {
    this.journal.push('start');
    await super.start(signal);
  }

  override async stop(signal: AbortSignal): Promise<void> {
    this.journal.push('stop');
    await super.stop(signal);
  }

  /** Makes the current run fault, and lets the host react. */
  async fault(message = 'lost connection'): Promise<void> {
    this.#fail?.(new Error(message));
    await settle();
  }
}

/** A BackgroundService that runs until stopped, to show who keeps running. */
class Steady extends BackgroundService {
  running = false;
  protected async execute(signal: AbortSignal): Promise<void> {
    this.running = true;
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    this.running = false;
  }
}

describe('DefaultHost exception policies', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });

  afterEach(async () => {
    await settle();
    process.off('unhandledRejection', onUnhandled);
    // Never an unhandled rejection, whatever the policy.
    expect(unhandled).toStrictEqual([]);
  });

  describe("when a service faults under 'stop-host' (the default)", () => {
    it('should log the fault with the service name and stack, stop the host, and report the fault', async () => {
      const { host, logger } = createFakeHost();
      const flaky = new Flaky();
      const steady = new Steady();
      host.addHostedService(steady, { name: 'steady' });
      host.addHostedService(flaky, { name: 'flaky' });
      const stopped = new Promise((resolve) => host.on('stopped', resolve));
      await host.start();

      await flaky.fault('disk full');
      const result = await stopped;

      expect(host.state).toBe('stopped');
      expect(steady.running).toBe(false);
      expect(result).toMatchObject({ ok: false, timedOut: false, stillRunning: [], faulted: ['flaky'] });
      const fault = (result as { errors: Error[] }).errors[0];
      expect(BatonError.is(fault, BatonErrorCode.ServiceFaulted)).toBe(true);
      expect((fault?.cause as Error).message).toBe('disk full');
      const logged = logger.events('host:service:faulted')[0];
      expect(logged?.level).toBe('error');
      expect(logged?.fields).toMatchObject({ service: 'flaky', action: 'stopping the host' });
      expect((logged?.fields['error'] as Error).stack).toContain('disk full');
    });
  });

  describe("when a service faults under 'ignore'", () => {
    it('should log it and keep the other services running', async () => {
      const { host, logger } = createFakeHost({ onError: 'ignore' });
      const flaky = new Flaky();
      const steady = new Steady();
      host.addHostedService(steady, { name: 'steady' });
      host.addHostedService(flaky, { name: 'flaky' });
      await host.start();

      await flaky.fault();

      expect(host.state).toBe('running');
      expect(steady.running).toBe(true);
      expect(logger.events('host:service:faulted')[0]?.fields).toMatchObject({ service: 'flaky' });
      const result = await host.stop();
      expect(result).toMatchObject({ ok: false, faulted: ['flaky'] });
    });

    it('should let a service override the host policy', async () => {
      const { host } = createFakeHost({ onError: 'stop-host' });
      const flaky = new Flaky();
      host.addHostedService(flaky, { name: 'flaky', onError: 'ignore' });
      await host.start();

      await flaky.fault();

      expect(host.state).toBe('running');
      await host.stop();
    });
  });

  describe("when a service faults under 'restart'", () => {
    it('should restart the same instance after exact exponential delays, capped, then stop the host after maxRestarts', async () => {
      const { host, clock, logger } = createFakeHost({
        onError: { restart: { maxRestarts: 3, initialDelay: '1s', maxDelay: '3s', jitter: 0 } },
      });
      const flaky = new Flaky();
      const steady = new Steady();
      host.addHostedService(steady, { name: 'steady' });
      host.addHostedService(flaky, { name: 'flaky' });
      await host.start();

      const delays: number[] = [];
      for (let restart = 0; restart < 3; restart++) {
        await flaky.fault();
        const delay = await clock.nextDelay();
        delays.push(delay);
        await clock.advanceBy(delay - 1);
        expect(flaky.journal.filter((line) => line === 'start')).toHaveLength(1 + restart);
        await clock.advanceBy(1);
        expect(host.state).toBe('running');
        expect(steady.running).toBe(true);
      }
      expect(delays).toStrictEqual([1_000, 2_000, 3_000]);
      expect(flaky.journal).toStrictEqual(['start', 'execute', ...Array(3).fill(['stop', 'start', 'execute']).flat()]);
      expect(logger.events('host:service:restarted').map((entry) => entry.fields['attempt'])).toStrictEqual([1, 2, 3]);

      await flaky.fault('still broken');
      await settle();

      expect(host.state).toBe('stopped');
      const result = await host.stop();
      expect(result).toMatchObject({ ok: false, faulted: ['flaky'] });
      expect(result.errors.map((error) => (error.cause as Error).message)).toStrictEqual(['still broken']);
      expect(logger.events('host:service:faulted').at(-1)?.fields['action']).toBe('giving up after 3 restart(s); stopping the host');
    });

    it('should use the default backoff for the plain string policy, spread by jitter from the random source', async () => {
      // random 0.75 with the default jitter 0.2: 1000 * (1 + 0.2 * (2 * 0.75 - 1)) = 1100.
      const { host, clock } = createFakeHost({ onError: 'restart' }, () => 0.75);
      const flaky = new Flaky();
      host.addHostedService(flaky, { name: 'flaky' });
      await host.start();

      await flaky.fault();

      expect(await clock.nextDelay()).toBe(1_100);
      await host.stop();
    });

    it('should give up the pending restart when the host stops during the backoff, and report the fault', async () => {
      const { host, clock } = createFakeHost({ onError: { restart: { initialDelay: '1m', jitter: 0 } } });
      const flaky = new Flaky();
      host.addHostedService(flaky, { name: 'flaky' });
      await host.start();
      await flaky.fault();
      expect(await clock.nextDelay()).toBe(60_000);

      const result = await host.stop();

      expect(result).toMatchObject({ ok: false, timedOut: false, stillRunning: [], faulted: ['flaky'] });
      expect(flaky.journal).toStrictEqual(['start', 'execute', 'stop']);
      expect(clock.pending).toStrictEqual([]);
    });

    it('should count a restart whose start throws as another fault', async () => {
      const { host, clock } = createFakeHost({ onError: { restart: { maxRestarts: 1, initialDelay: 10, jitter: 0 } } });
      const flaky = new Flaky();
      let starts = 0;
      const originalStart = flaky.start.bind(flaky);
      flaky.start = async (signal) => {
        if (++starts > 1) throw new Error('cannot reconnect');
        await originalStart(signal);
      };
      host.addHostedService(flaky, { name: 'flaky' });
      const stopped = new Promise((resolve) => host.on('stopped', resolve));
      await host.start();

      await flaky.fault();
      await clock.advanceBy(await clock.nextDelay());

      expect(await stopped).toMatchObject({ ok: false, faulted: ['flaky'] });
    });
  });

  describe('when a service faults while the host is still starting', () => {
    it('should stop the host and reject start with HOST_START_CANCELLED naming the fault', async () => {
      const { host } = createFakeHost();
      const flaky = new Flaky();
      let releaseSecond!: () => void;
      host.addHostedService(flaky, { name: 'flaky' });
      host.addHostedService({ start: () => new Promise<void>((resolve) => (releaseSecond = resolve)), stop: async () => {} }, { name: 'slow' });

      const starting = host.start().then(
        () => undefined,
        (error: unknown) => error,
      );
      await settle();
      await flaky.fault('bad config');
      releaseSecond();
      const error = await starting;

      expect(BatonError.is(error, BatonErrorCode.HostStartCancelled)).toBe(true);
      expect((error as Error).message).toContain("Hosted service 'flaky' faulted: bad config");
      expect(await host.stop()).toMatchObject({ ok: false, faulted: ['flaky'] });
    });
  });

  describe('when a service completes without error', () => {
    it('should not treat it as a fault', async () => {
      class OneShot extends BackgroundService {
        protected async execute(): Promise<void> {}
      }
      const { host } = createFakeHost();
      host.addHostedService(OneShot);
      await host.start();
      await settle();

      expect(host.state).toBe('running');
      expect((await host.stop()).ok).toBe(true);
    });
  });
});
