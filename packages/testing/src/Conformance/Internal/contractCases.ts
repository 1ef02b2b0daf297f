import { ManualClock } from '../../ManualClock.js';
import type { ConformanceCase } from '../ConformanceCase.js';
import type { ContractFactory, ContractFixture } from '../ContractFactory.js';

/** One case of a contract's suite: what it requires, and a check on a fresh implementation. */
export interface ContractCase<T> {
  readonly name: string;
  run(value: T, clock: ManualClock): Promise<void>;
}

/** The cases of `contract`, each on a fresh implementation from `factory`, disposed of afterwards. */
export function contractCases<T>(contract: string, factory: ContractFactory<T>, cases: readonly ContractCase<T>[]): ConformanceCase[] {
  return cases.map(({ name, run }) => ({
    name: `${contract}: ${name}`,
    run: async () => {
      const clock = new ManualClock({ start: Date.UTC(2026, 0, 1) });
      const made = await factory({ clock });
      const fixture: ContractFixture<T> = isFixture(made) ? made : { value: made };
      try {
        await run(fixture.value, clock);
      } finally {
        await fixture.dispose?.();
      }
    },
  }));
}

function isFixture<T>(made: T | ContractFixture<T>): made is ContractFixture<T> {
  return typeof made === 'object' && made !== null && 'value' in made && Object.keys(made).every((key) => key === 'value' || key === 'dispose');
}
