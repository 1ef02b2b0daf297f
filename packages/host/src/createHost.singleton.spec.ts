import {
  BackgroundService,
  BatonError,
  BatonErrorCode,
  Clock,
  Coordinator,
  InMemoryCoordinator,
  NullLogger,
  token,
  type HostedService,
  type InjectList,
  type Lease,
} from '@baton/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost } from './createHost.js';
import type { Host } from './Host.js';
import { ManualClock, settle } from './Internal/fakes/ManualClock.js';
import { rejection, thrown } from './Internal/fakes/batonErrors.js';

const TTL_MS = 10_000;
const RENEW_MS = Math.floor(TTL_MS / 3);

/** One run of `execute`: the fence it was given, and why its signal aborted. */
interface Run {
  readonly replica: string;
  readonly fence: number | undefined;
  reason?: unknown;
}

/** Runs until its signal aborts, recording each run (on every replica) in a shared journal. */
class Ledger extends BackgroundService {
  constructor(
    readonly replica: string,
    readonly journal: Run[],
  ) {
    super();
  }

  /** The lease, as the service itself sees it. */
  get current(): Lease | undefined {
    return this.lease;
  }

  protected async execute(signal: AbortSignal): Promise<void> {
    const run: Run = { replica: this.replica, fence: this.lease?.fence };
    this.journal.push(run);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    run.reason = signal.reason;
  }
}

/** A Coordinator whose link can be cut: then renewals never answer and acquisitions fail (a network partition). */
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

describe('singleton background services', () => {
  const hosts: Host[] = [];

  afterEach(async () => {
    for (const host of hosts.splice(0)) if (host.state !== 'created' && host.state !== 'stopped') await host.stop();
  });

  /** Two replicas of one app: same clock, same coordinator, each with a Ledger registered as a singleton. */
  async function twoReplicas(wrap: (coordinator: Coordinator) => Coordinator = (coordinator) => coordinator) {
    const clock = new ManualClock();
    const coordinator = new InMemoryCoordinator(clock);
    const journal: Run[] = [];
    const replicas = ['a', 'b'].map((replica) => {
      const host = createHost({ name: replica, logger: NullLogger, clock });
      const link = wrap(coordinator);
      host.services.addSingleton(Coordinator, { useValue: link });
      const ledger = new Ledger(replica, journal);
      host.addHostedService(ledger, { singleton: true });
      hosts.push(host);
      return { host, ledger, link };
    });
    for (const { host } of replicas) await host.start();
    await settle();
    return { clock, coordinator, journal, a: replicas[0]!, b: replicas[1]! };
  }

  it('should run execute on one replica only, with the fence of the lease it holds', async () => {
    const { clock, coordinator, journal, a } = await twoReplicas();

    // A minute of renewals and polls later, still one run.
    await clock.advanceBy(60_000);

    expect(journal).toStrictEqual([{ replica: 'a', fence: a.ledger.current!.fence }]);
    expect(await coordinator.acquireLease('service:Ledger', 'someone else', TTL_MS)).toBeUndefined();
  });

  it('should show in the host health entry whether this replica holds the lease', async () => {
    const { a, b } = await twoReplicas();

    const [healthA, healthB] = await Promise.all([a.host.health(), b.host.health()]);

    expect(healthA.entries['host']?.data?.['singletons']).toStrictEqual({
      Ledger: { holdsLease: true, key: 'service:Ledger', fence: a.ledger.current!.fence },
    });
    expect(healthB.entries['host']?.data?.['singletons']).toStrictEqual({ Ledger: { holdsLease: false } });
    // A standby is not a problem.
    expect([healthA.status, healthB.status]).toStrictEqual(['healthy', 'healthy']);
  });

  it('should release the lease on stop, so the other replica takes over within one renewal interval with a higher fence', async () => {
    const { clock, journal, a, b } = await twoReplicas();

    await a.host.stop();
    await clock.advanceBy(RENEW_MS);

    expect(journal.map((run) => run.replica)).toStrictEqual(['a', 'b']);
    expect(journal[1]!.fence).toBeGreaterThan(journal[0]!.fence!);
    expect(b.ledger.current?.fence).toBe(journal[1]!.fence);
    // Stopped, not fenced.
    expect(BatonError.is(journal[0]!.reason, BatonErrorCode.ServiceLeaseLost)).toBe(false);
  });

  it('should fence a holder that cannot renew within the ttl before the other replica takes over, within ttl + one renewal interval', async () => {
    const { clock, journal, a } = await twoReplicas((coordinator) => new PartitionableCoordinator(coordinator));
    const link = a.link as PartitionableCoordinator;
    let fencedAt: number | undefined;
    let tookOverAt: number | undefined;

    link.cut = true;
    const cutAt = clock.now();
    while (tookOverAt === undefined && clock.now() <= cutAt + TTL_MS + RENEW_MS) {
      // Straight to the next timer of either replica, so each moment is seen as it happens.
      await clock.advanceBy(await clock.nextDelay());
      if (fencedAt === undefined && journal[0]!.reason !== undefined) fencedAt = clock.now();
      if (journal.length > 1) tookOverAt = clock.now();
    }

    expect(BatonError.is(journal[0]!.reason, BatonErrorCode.ServiceLeaseLost)).toBe(true);
    expect(a.ledger.current).toBeUndefined();
    expect(fencedAt).toBeLessThanOrEqual(cutAt + TTL_MS);
    expect(tookOverAt).toBeGreaterThanOrEqual(fencedAt!);
    expect(tookOverAt).toBeLessThanOrEqual(cutAt + TTL_MS + RENEW_MS);
    expect(journal[1]).toMatchObject({ replica: 'b' });
    expect(journal[1]!.fence).toBeGreaterThan(journal[0]!.fence!);
  });

  it("should abort execute's signal with BATON_ERR_SERVICE_LEASE_LOST when the lease is lost, then wait and take it back later", async () => {
    const { clock, coordinator, journal, a, b } = await twoReplicas();

    // The lease goes away under the holder (an operator, or an expiry the holder did not see); b takes it.
    await coordinator.releaseLease(a.ledger.current!);
    await clock.advanceBy(RENEW_MS);

    expect(journal.map((run) => run.replica)).toStrictEqual(['a', 'b']);
    const lost = journal[0]!.reason;
    expect(BatonError.is(lost, BatonErrorCode.ServiceLeaseLost)).toBe(true);
    expect((lost as Error).message).toContain("'service:Ledger'");
    // Not a fault: the host carries on.
    expect(a.host.state).toBe('running');
    expect((await a.host.health()).status).toBe('healthy');

    await b.host.stop();
    await clock.advanceBy(RENEW_MS);

    expect(journal.map((run) => run.replica)).toStrictEqual(['a', 'b', 'a']);
    expect(journal[2]!.fence).toBeGreaterThan(journal[1]!.fence!);
  });

  it('should register an InMemoryCoordinator on the host clock when the app registered none, and honour a custom key', async () => {
    const clock = new ManualClock();
    const host = createHost({ logger: NullLogger, clock });
    hosts.push(host);
    const journal: Run[] = [];
    host.addHostedService(new Ledger('only', journal), { singleton: { key: 'ledger-writer', leaseTtl: '30s' } });

    await host.start();
    await settle();

    expect(journal).toHaveLength(1);
    const coordinator = host.provider.get(Coordinator);
    expect(coordinator).toBeInstanceOf(InMemoryCoordinator);
    expect(await coordinator.acquireLease('ledger-writer', 'someone else', 1_000)).toBeUndefined();
    // Renewed every 10 s of a 30 s ttl: still held after two minutes.
    await clock.advanceBy(120_000);
    expect(await coordinator.acquireLease('ledger-writer', 'someone else', 1_000)).toBeUndefined();
  });

  it('should release the lease when execute returns while holding it', async () => {
    const clock = new ManualClock();
    const host = createHost({ logger: NullLogger, clock });
    hosts.push(host);
    class OneShot extends BackgroundService {
      fence: number | undefined;
      protected async execute(): Promise<void> {
        this.fence = this.lease?.fence;
      }
    }
    const service = new OneShot();
    host.addHostedService(service, { singleton: true });

    await host.start();
    await settle();

    expect(service.fence).toBeGreaterThan(0);
    expect(await host.provider.get(Coordinator).acquireLease('service:OneShot', 'someone else', 1_000)).toBeDefined();
  });

  describe('the README example', () => {
    interface Ledger {
      append(entry: string, fence: number): Promise<void>;
    }
    const Ledger = token<Ledger>('@acme/Ledger');

    class LedgerCloseService extends BackgroundService {
      static inject = [Clock, Ledger] as const satisfies InjectList<typeof LedgerCloseService>;
      constructor(
        private readonly clock: Clock,
        private readonly ledger: Ledger,
      ) {
        super();
      }

      protected async execute(signal: AbortSignal): Promise<void> {
        while (await this.clock.sleep(60_000, signal)) {
          await this.ledger.append('close', this.lease!.fence);
        }
      }
    }

    /** Refuses a write whose fence is lower than the highest it has seen, as a fenced store does. */
    class FencedLedger implements Ledger {
      readonly entries: { entry: string; fence: number }[] = [];
      readonly refused: number[] = [];
      async append(entry: string, fence: number): Promise<void> {
        if (fence < Math.max(0, ...this.entries.map((written) => written.fence))) this.refused.push(fence);
        else this.entries.push({ entry, fence });
      }
    }

    it('should write from one replica at a time, and from the other with a higher fence once the first stops', async () => {
      const clock = new ManualClock();
      const coordinator = new InMemoryCoordinator(clock);
      const ledger = new FencedLedger();
      const [a, b] = ['a', 'b'].map((name) => {
        const host = createHost({ name, logger: NullLogger, clock });
        host.services.addSingleton(Ledger, { useValue: ledger });
        host.services.addSingleton(Coordinator, { useValue: coordinator });
        host.addHostedService(LedgerCloseService, { singleton: { leaseTtl: '10s' } });
        hosts.push(host);
        return host;
      }) as [Host, Host];
      await a.start();
      await b.start();

      await clock.advanceBy(180_000);
      await a.stop();
      await clock.advanceBy(180_000);

      const fences = ledger.entries.map((entry) => entry.fence);
      expect(fences).toHaveLength(5);
      expect(new Set(fences).size).toBe(2);
      expect(fences[4]).toBeGreaterThan(fences[0]!);
      expect(ledger.refused).toStrictEqual([]);
    });
  });

  describe('when the singleton option is invalid', () => {
    const cases: [string, unknown, string][] = [
      ['an unknown key', { ttl: 5_000 }, "Unknown option 'ttl'"],
      ['an empty key', { key: '' }, 'lease key'],
      ['a zero leaseTtl', { leaseTtl: 0 }, 'leaseTtl'],
      ['a leaseTtl that is no duration', { leaseTtl: 'soon' }, 'leaseTtl'],
      ['a string', 'yes', 'must be true, false or'],
    ];

    it.each(cases)('should reject %s at registration with BATON_ERR_HOST_INVALID_OPTIONS', (_, singleton, mention) => {
      const host = createHost({ logger: NullLogger });

      const error = thrown(() => host.addHostedService(new Ledger('x', []), { singleton } as never));

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message).toContain(mention);
    });

    it('should reject a hosted service that is not a BackgroundService at registration', () => {
      class Plain implements HostedService {
        async start(): Promise<void> {}
        async stop(): Promise<void> {}
      }
      const host = createHost({ logger: NullLogger });

      const error = thrown(() => host.addHostedService(Plain, { singleton: true }));

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message).toContain("'Plain' cannot be a singleton");
    });

    it('should reject at start a factory whose service is not a BackgroundService', async () => {
      const host = createHost({ logger: NullLogger, clock: new ManualClock() });
      host.addHostedService(() => ({ start: async () => {}, stop: async () => {} }), { name: 'plain', singleton: true });

      const error = await rejection(host.start());

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message).toContain("'plain' cannot be a singleton");
    });
  });
});
