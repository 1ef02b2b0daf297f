import type { ControlChannel, ControlSignal } from '@baton/core';
import type { ConformanceCase } from './ConformanceCase.js';
import type { ContractFactory } from './ContractFactory.js';
import { Check } from './Internal/Check.js';
import { contractCases, type ContractCase } from './Internal/contractCases.js';

/** How long a case waits for a signal to arrive (a channel over a network delivers later than it publishes). */
const DELIVERY_MS = 5_000;

/** Collects the signals a subscription receives, and waits for the next ones. */
class Inbox {
  readonly received: ControlSignal[] = [];
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  readonly listener = (signal: ControlSignal): void => {
    this.received.push(signal);
    this.#waiters = this.#waiters.filter((waiter) => (this.received.length >= waiter.count ? (waiter.resolve(), false) : true));
  };

  /** Resolves once `count` signals have arrived; rejects if they have not within DELIVERY_MS. */
  async until(count: number, what: string): Promise<void> {
    if (this.received.length >= count) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.#waiters.push({ count, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: ${count} signal(s) expected, ${this.received.length} arrived in ${DELIVERY_MS} ms.`)), DELIVERY_MS);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}

/** Ids of runs the cases ask to cancel (UUIDs, as run ids are). */
const RUN = '01900000-0000-7000-8000-000000000001';
const OTHER = '01900000-0000-7000-8000-000000000002';
const UNKNOWN = '01900000-0000-7000-8000-000000000009';

/** Options of {@link controlChannelConformance}. */
export interface ControlChannelConformanceOptions {
  /**
   * Called before a case requests the cancel of run `runId`, for a channel that keeps cancel requests on the run's
   * record (as `@baton/postgres`'s does): make a running run with that id there. Defaults to nothing.
   */
  readonly running?: (channel: ControlChannel, runId: string) => Promise<void> | void;
}

const cases = (options: ControlChannelConformanceOptions): readonly ContractCase<ControlChannel>[] => [
  {
    name: 'publish reaches every subscriber, and an unsubscribed one no more',
    run: async (channel) => {
      const first = new Inbox();
      const second = new Inbox();
      const unsubscribe = await channel.subscribe(first.listener);
      const unsubscribeSecond = await channel.subscribe(second.listener);
      await channel.publish({ kind: 'schedule', workflow: 'sync' });
      await first.until(1, 'the first subscriber');
      await second.until(1, 'the second subscriber');
      Check.same(first.received, [{ kind: 'schedule', workflow: 'sync' }], 'the signal as published');
      await unsubscribe();
      await channel.publish({ kind: 'cancel', runId: RUN, actor: 'admin:ada' });
      await second.until(2, 'the subscriber still subscribed');
      Check.same(second.received[1], { kind: 'cancel', runId: RUN, actor: 'admin:ada' }, 'a cancel signal as published');
      Check.same(first.received.length, 1, 'the unsubscribed listener got nothing more');
      await unsubscribeSecond();
    },
  },
  {
    name: 'requestCancel records the request and signals it; clearCancel withdraws it',
    run: async (channel) => {
      const inbox = new Inbox();
      const unsubscribe = await channel.subscribe(inbox.listener);
      await options.running?.(channel, RUN);
      await options.running?.(channel, OTHER);
      await channel.requestCancel(RUN, 'admin:ada');
      await inbox.until(1, 'the cancel signal');
      Check.same(inbox.received, [{ kind: 'cancel', runId: RUN, actor: 'admin:ada' }], 'the cancel signal');
      Check.same(await channel.cancelRequests([UNKNOWN, RUN, OTHER]), [{ runId: RUN, actor: 'admin:ada' }], 'the standing request, of the runs asked about');
      Check.same(await channel.cancelRequests([]), [], 'no runs, no requests');
      await channel.clearCancel(RUN);
      await channel.clearCancel(UNKNOWN);
      Check.same(await channel.cancelRequests([RUN]), [], 'withdrawn');
      await unsubscribe();
    },
  },
];

/**
 * The ControlChannel conformance suite: signals reach every subscriber (waiting up to 5 s of real time for delivery),
 * unsubscribing stops them, and cancel requests stand until withdrawn.
 * @example
 * ```ts
 * for (const { name, run } of controlChannelConformance(() => new InMemoryControlChannel())) it(name, run);
 * ```
 */
export function controlChannelConformance(factory: ContractFactory<ControlChannel>, options: ControlChannelConformanceOptions = {}): ConformanceCase[] {
  return contractCases('ControlChannel', factory, cases(options));
}
