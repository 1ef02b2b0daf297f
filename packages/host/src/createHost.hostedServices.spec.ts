import { BackgroundService, Coordinator, InMemoryCoordinator, NullLogger, type HostedService, type Lease } from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from './createHost.js';
import type { Host } from './Host.js';
import { ManualClock, settle } from './Internal/fakes/ManualClock.js';

/** Runs until stopped. */
class Worker extends BackgroundService {
  protected async execute(signal: AbortSignal): Promise<void> {
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  }
}

/** Throws once its test tells it to. */
class Flaky extends BackgroundService {
  fail: ((error: Error) => void) | undefined;
  protected execute(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.fail = reject;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

/** Returns at once: its work is done. */
class OneShot extends BackgroundService {
  protected async execute(): Promise<void> {}
}

/** Ignores its signal: it returns only when its test releases it (a service that cannot be fenced). */
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

const plain: HostedService = { start: async () => {}, stop: async () => {} };

describe('host.hostedServices()', () => {
  const hosts: Host[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) if (host.state !== 'created' && host.state !== 'stopped') await host.stop();
  });

  function newHost(options: Parameters<typeof createHost>[0] = {}): Host {
    const host = createHost({ logger: NullLogger, clock: new ManualClock(), ...options });
    hosts.push(host);
    return host;
  }

  it('should list each service in registration order as starting before start, running once started, stopped after stop', async () => {
    const host = newHost();
    host.addHostedService(Worker).addHostedService(plain, { name: 'plain' });

    expect(host.hostedServices()).toStrictEqual([
      { name: 'Worker', state: 'starting', restarts: 0, singleton: undefined },
      { name: 'plain', state: 'starting', restarts: 0, singleton: undefined },
    ]);
    await host.start();
    expect(host.hostedServices().map((service) => service.state)).toStrictEqual(['running', 'running']);
    await host.stop();
    expect(host.hostedServices().map((service) => service.state)).toStrictEqual(['stopped', 'stopped']);
  });

  it('should report stopping while the host stops', async () => {
    const host = newHost();
    host.addHostedService(Worker);
    await host.start();
    const seen: string[] = [];
    host.on('stopping', () => seen.push(host.hostedServices()[0]!.state));
    await host.stop();
    expect(seen).toStrictEqual(['stopping']);
  });

  it('should report a service whose execute returned as stopped while the host runs', async () => {
    const host = newHost();
    host.addHostedService(OneShot).addHostedService(Worker);
    await host.start();
    await settle();
    expect(host.hostedServices().map((service) => [service.name, service.state])).toStrictEqual([
      ['OneShot', 'stopped'],
      ['Worker', 'running'],
    ]);
  });

  it('should report degraded with the restart count while a service waits to restart, and running once restarted', async () => {
    const clock = new ManualClock();
    const host = newHost({ clock, onError: { restart: { maxRestarts: 1, initialDelay: '1s', maxDelay: '1s', jitter: 0 } } });
    const flaky = new Flaky();
    host.addHostedService(flaky, { name: 'flaky' });
    await host.start();
    await settle();

    flaky.fail!(new Error('boom'));
    await settle();
    expect(host.hostedServices()[0]).toMatchObject({ state: 'degraded', restarts: 1 });

    await clock.advanceBy(1_000);
    await settle();
    expect(host.hostedServices()[0]).toMatchObject({ state: 'running', restarts: 1 });
  });

  it('should report faulted for a service that faulted under onError ignore', async () => {
    const host = newHost({ onError: 'ignore' });
    const flaky = new Flaky();
    host.addHostedService(flaky, { name: 'flaky' }).addHostedService(Worker);
    await host.start();
    await settle();
    flaky.fail!(new Error('boom'));
    await settle();
    expect(host.hostedServices().map((service) => service.state)).toStrictEqual(['faulted', 'running']);
  });

  it('should show whether this replica holds a singleton lease: running with the fence on the holder, waiting on the standby', async () => {
    const clock = new ManualClock();
    const coordinator = new InMemoryCoordinator(clock);
    const [a, b] = ['a', 'b'].map((name) => {
      const host = newHost({ name, clock });
      host.services.addSingleton(Coordinator, { useValue: coordinator });
      host.addHostedService(new Worker(), { name: 'ledger', singleton: true });
      return host;
    });
    await a!.start();
    await settle();
    await b!.start();
    await settle();

    const [holder] = a!.hostedServices();
    expect(holder).toStrictEqual({
      name: 'ledger',
      state: 'running',
      restarts: 0,
      singleton: { key: 'service:ledger', holdsLease: true, fence: expect.any(Number) },
    });
    expect(b!.hostedServices()).toStrictEqual([{ name: 'ledger', state: 'waiting', restarts: 0, singleton: { key: 'service:ledger', holdsLease: false } }]);
  });

  it('should report faulted a singleton whose execute has not returned a whole ttl after it lost its lease (it could not be fenced)', async () => {
    const clock = new ManualClock();
    const coordinator = new PartitionableCoordinator(new InMemoryCoordinator(clock));
    const host = newHost({ clock });
    host.services.addSingleton(Coordinator, { useValue: coordinator });
    const stubborn = new Stubborn();
    host.addHostedService(stubborn, { name: 'ledger', singleton: { leaseTtl: '9s' } });
    await host.start();
    await settle();
    expect(host.hostedServices()[0]).toMatchObject({ state: 'running', singleton: { holdsLease: true } });

    coordinator.cut = true;
    await clock.advanceBy(9_000); // no renewal confirmed within the ttl: the lease is lost, the signal aborts
    const lost = host.hostedServices()[0]!;
    expect(lost.singleton).toStrictEqual({ key: 'service:ledger', holdsLease: false, lostAt: expect.any(Number) });
    expect(lost.state).toBe('waiting');

    await clock.advanceBy(9_000); // a whole ttl later, execute still runs without the lease
    expect(host.hostedServices()[0]!.state).toBe('faulted');

    stubborn.release!();
    await settle();
    expect(host.hostedServices()[0]).toMatchObject({ state: 'waiting', singleton: { holdsLease: false } });
    expect(host.hostedServices()[0]!.singleton?.lostAt).toBeUndefined();
  });
});
