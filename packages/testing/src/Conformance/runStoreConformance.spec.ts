import { BatonErrorCode, InMemoryRunStore } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ManualClock.js';
import { checkRunStoreConformance } from './checkRunStoreConformance.js';
import { NoRetentionRunStore } from './fakes/NoRetentionRunStore.js';
import { runStoreConformance } from './runStoreConformance.js';
import type { RunStoreConformanceOptions } from './runStoreConformance.js';
import type { RunStoreFixture } from './RunStoreFixture.js';

const inMemory = ({ clock }: { clock: ManualClock }) => new InMemoryRunStore({ clock });

describe(runStoreConformance, () => {
  describe('when it lists the cases', () => {
    it('should name each case once, by its area', () => {
      const names = runStoreConformance(inMemory).map((check) => check.name);
      const areas = new Set(names.map((name) => name.slice(0, name.indexOf(':'))));

      expect(new Set(names).size).toBe(names.length);
      expect([...areas]).toStrictEqual([
        'claims',
        'fencing',
        'leases',
        'takeOver',
        'checkpoints',
        'steps',
        'queries',
        'counts',
        'retention',
        'copies',
        'concurrent writers',
      ]);
    });

    it('should call the factory only when a case runs, once per case', async () => {
      let made = 0;
      const cases = runStoreConformance((context) => (made++, inMemory(context)));
      expect(made).toBe(0);

      await cases[0]!.run();
      await cases[1]!.run();

      expect(made).toBe(2);
    });
  });

  describe('when the factory returns a fixture with a clock of its own', () => {
    it('should move and read time through the fixture, and dispose of each store', async () => {
      let disposed = 0;
      const results = await checkRunStoreConformance((): RunStoreFixture => {
        // The store's clock is not the suite's: like a database's now(), it is moved only through the fixture.
        const storeClock = new ManualClock({ start: '2030-06-01T00:00:00Z' });
        return {
          store: new InMemoryRunStore({ clock: storeClock }),
          advance: (ms) => storeClock.advance(ms),
          now: () => storeClock.now(),
          dispose: () => void disposed++,
        };
      });

      expect(results.filter((result) => result.error !== undefined)).toStrictEqual([]);
      expect(disposed).toBe(results.length);
    });

    it('should report the case failure rather than a failing dispose', async () => {
      const [first] = await checkRunStoreConformance(() => ({
        store: new NoRetentionRunStore(new InMemoryRunStore()),
        advance: () => Promise.reject(new Error('cannot move time')),
        dispose: () => Promise.reject(new Error('dispose failed')),
      }));

      expect(first?.error?.message).not.toContain('dispose failed');
    });
  });

  describe('when the store has no setRetention', () => {
    it('should fail the retention cases, saying how to leave them out', async () => {
      const results = await checkRunStoreConformance(({ clock }) => new NoRetentionRunStore(new InMemoryRunStore({ clock })));
      const failed = results.filter((result) => result.error !== undefined);

      expect(failed.map((result) => result.name)).toStrictEqual(results.filter((result) => result.name.startsWith('retention: ')).map((result) => result.name));
      expect(failed[0]?.error?.message).toContain('pass { retention: false }');
    });

    it('should leave the retention cases out with retention false', async () => {
      const results = await checkRunStoreConformance(({ clock }) => new NoRetentionRunStore(new InMemoryRunStore({ clock })), { retention: false });

      expect(results.filter((result) => result.name.startsWith('retention: '))).toStrictEqual([]);
      expect(results.filter((result) => result.error !== undefined)).toStrictEqual([]);
    });
  });

  describe('when the options are bad', () => {
    it.each<[string, unknown]>([
      ['an unknown key', { retentoin: false }],
      ['a retention that is not a boolean', { retention: 'no' }],
    ])('should reject %s', (_, options) => {
      expect(() => runStoreConformance(inMemory, options as RunStoreConformanceOptions)).toThrow(
        expect.objectContaining({ code: BatonErrorCode.RunsInvalidOptions }),
      );
    });
  });
});
