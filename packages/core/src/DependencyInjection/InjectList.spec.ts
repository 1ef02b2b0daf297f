import { describe, expect, it } from 'vitest';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { codeOf } from '../Errors/fakes/codeOf.js';
import { Logger } from '../Logging/Logger.js';
import { NullLogger } from '../Logging/NullLogger.js';
import { Clock } from '../Time/Clock.js';
import { FakeClock } from '../Time/fakes/FakeClock.js';
import type { InjectList } from './InjectList.js';
import { ServiceCollection } from './ServiceCollection.js';
import { token } from './Token.js';

interface Inventory {
  lowStock(): string[];
}
const Inventory = token<Inventory>('@acme/Inventory');

class Mailer {
  send(): void {}
}

function services(): ServiceCollection {
  return new ServiceCollection()
    .addSingleton(Clock, { useValue: new FakeClock() })
    .addSingleton(Logger, { useValue: NullLogger })
    .addSingleton(Inventory, { useValue: { lowStock: () => [] } })
    .addSingleton(Mailer);
}

describe('InjectList', () => {
  describe('when a static inject list is typed with satisfies InjectList', () => {
    it('should compile only in the constructor order, with one key per parameter', () => {
      class Reporter {
        static readonly inject = [Clock, Logger, Inventory, Mailer] as const satisfies InjectList<typeof Reporter>;
        constructor(
          readonly clock: Clock,
          readonly log: Logger,
          readonly inventory: Inventory,
          readonly mailer: Mailer,
        ) {}
      }
      class Swapped {
        // @ts-expect-error -- Logger where the constructor takes a Clock, and the other way round
        static readonly inject = [Logger, Clock] as const satisfies InjectList<typeof Swapped>;
        constructor(
          readonly clock: Clock,
          readonly log: Logger,
        ) {}
      }
      class Short {
        // @ts-expect-error -- the constructor takes two parameters
        static readonly inject = [Clock] as const satisfies InjectList<typeof Short>;
        constructor(
          readonly clock: Clock,
          readonly log: Logger,
        ) {}
      }

      const reporter = services().addSingleton(Reporter).buildServiceProvider().get(Reporter);
      expect(reporter.inventory.lowStock()).toStrictEqual([]);
      expect([Swapped.inject.length, Short.inject.length]).toStrictEqual([2, 1]);
    });
  });

  describe('when an untyped static inject list is in another order than the constructor', () => {
    it('should throw DI_INVALID_REGISTRATION at registration, naming the class and the parameter', () => {
      class Poller {
        static inject = [Logger, Clock];
        constructor(
          readonly clock: Clock,
          readonly logger: Logger,
        ) {}
      }

      expect(codeOf(() => services().addSingleton(Poller))).toBe(BatonErrorCode.DiInvalidRegistration);
      expect(() => services().addSingleton(Poller)).toThrow(
        "Class Poller lists static inject [Logger, Clock], but its constructor takes (clock, logger): parameter #1 'clock' would get Logger, listed for #2.",
      );
    });

    it('should leave a list alone whose keys do not name the parameters', () => {
      class Pair {
        static inject = [Mailer, Inventory] as const;
        constructor(
          readonly first: Mailer,
          readonly second: Inventory,
        ) {}
      }

      expect(services().addSingleton(Pair).buildServiceProvider().get(Pair).first).toBeInstanceOf(Mailer);
    });
  });

  describe('when a static inject list is shorter than the constructor', () => {
    it('should name the class and the parameter without a key', () => {
      class Partial {
        static inject = [Clock];
        constructor(
          readonly clock: Clock,
          readonly inventory: Inventory,
        ) {}
      }

      expect(() => services().addSingleton(Partial)).toThrow(
        "Class Partial (for 'Partial') takes 2 constructor parameter(s) but declares 1: parameter #2 'inventory' has no key.",
      );
    });
  });
});
