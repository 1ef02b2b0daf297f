// Acceptance: a team already on inversify hands its own Container to the host. Its bindings resolve in hosted
// services and workflow steps through tokens; the scope rules hold for everything Baton registers.
import { BackgroundService, BatonError, BatonErrorCode, Clock, defineWorkflow, every, token } from '@baton/core';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { createTestHost } from '../createTestHost.js';

const start = Date.UTC(2026, 0, 1);

interface Pricing {
  priceOf(sku: string): number;
}
const Pricing = token<Pricing>('acceptance/container/Pricing');
const Unbound = token<object>('acceptance/container/Unbound');

class ListPricing implements Pricing {
  priceOf(sku: string): number {
    return sku.length * 100;
  }
}

/** A Baton-scoped service over the container's singleton: one per run. */
class Basket {
  static inject = [Pricing] as const;
  constructor(readonly pricing: Pricing) {}
}

/** A hosted service (a singleton) that takes the container's Pricing in its constructor. */
class PriceWatcher extends BackgroundService {
  static inject = [Clock, Pricing] as const;
  readonly seen: number[] = [];
  constructor(
    private readonly clock: Clock,
    readonly pricing: Pricing,
  ) {
    super();
  }

  protected async execute(signal: AbortSignal): Promise<void> {
    while (await this.clock.sleep(60_000, signal)) this.seen.push(this.pricing.priceOf('sku-1'));
  }
}

function appContainer(): Container {
  const container = new Container();
  container.bind(Pricing).to(ListPricing).inSingletonScope();
  return container;
}

describe('createHost({ container })', () => {
  describe('when hosted services and workflows use tokens the container binds', () => {
    it('should resolve them from the container, and give each run its own Baton-scoped services', async () => {
      const container = appContainer();
      const resolved: { basket: Basket; pricing: Pricing }[] = [];
      const quote = defineWorkflow('quote')
        .schedule(every('1m'))
        .uses(Pricing)
        .step('price', ({ get }) => {
          resolved.push({ basket: get(Basket), pricing: get(Pricing) });
          return get(Pricing).priceOf('sku-1');
        });
      const t = await createTestHost(
        (builder) => {
          builder.services.addScoped(Basket);
          builder.addHostedService(PriceWatcher);
          builder.addWorkflow(quote);
        },
        { start, host: { container } },
      );
      try {
        await t.advance('2m');
        const runs = await t.runs('quote');
        const watcher = t.provider.get(PriceWatcher);

        // advance('2m') covers [start, start + 2m): the slots at 0 and 1m.
        expect(runs.map((run) => [run.status, run.outputSummary])).toStrictEqual([
          ['succeeded', '500'],
          ['succeeded', '500'],
        ]);
        expect(resolved.every((entry) => entry.pricing === container.get(Pricing) && entry.basket.pricing === entry.pricing)).toBe(true);
        expect(new Set(resolved.map((entry) => entry.basket)).size).toBe(2);
        expect(watcher.pricing).toBe(container.get(Pricing));
        // Its second look, due at exactly 2m, is outside [start, start + 2m).
        expect(watcher.seen).toStrictEqual([500]);
      } finally {
        await t.stop();
      }
    });
  });

  describe('when the host starts with a container', () => {
    it('should still refuse a hosted service that holds a scoped service (BATON_ERR_DI_CAPTIVE_DEPENDENCY)', async () => {
      class BasketWatcher extends BackgroundService {
        static inject = [Basket] as const;
        constructor(readonly basket: Basket) {
          super();
        }
        protected async execute(): Promise<void> {}
      }
      const failure = createTestHost(
        (builder) => {
          builder.services.addScoped(Basket);
          builder.addHostedService(BasketWatcher);
        },
        { start, host: { container: appContainer() } },
      );

      await expect(failure).rejects.toSatisfy((error) => BatonError.is(error, BatonErrorCode.DiCaptiveDependency));
    });

    it('should still fail the start for a workflow that uses a token bound nowhere, naming only that token', async () => {
      const failure = createTestHost(
        (builder) =>
          builder.addWorkflow(
            defineWorkflow('orphan')
              .uses(Pricing, Unbound)
              .step('a', () => 1),
          ),
        {
          start,
          host: { container: appContainer() },
        },
      );

      const error = await failure.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(BatonError.is(error, BatonErrorCode.DiMissingBinding)).toBe(true);
      expect((error as BatonError).message).toContain("uses 'acceptance/container/Unbound'");
      expect((error as BatonError).message).not.toContain('acceptance/container/Pricing');
    });
  });
});
