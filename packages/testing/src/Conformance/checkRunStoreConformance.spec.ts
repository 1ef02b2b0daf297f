import { InMemoryRunStore, type RunStore } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { checkRunStoreConformance } from './checkRunStoreConformance.js';
import { DoubleClaimRunStore } from './fakes/DoubleClaimRunStore.js';
import { EpochBlindRunStore } from './fakes/EpochBlindRunStore.js';
import { OldestFirstRunStore } from './fakes/OldestFirstRunStore.js';
import { SharingRunStore } from './fakes/SharingRunStore.js';
import { TruncatingRunStore } from './fakes/TruncatingRunStore.js';
import type { RunStoreFactory } from './RunStoreFactory.js';

/** The names of the cases `factory`'s stores fail. */
async function failing(factory: RunStoreFactory): Promise<string[]> {
  return (await checkRunStoreConformance(factory)).filter((result) => result.error !== undefined).map((result) => result.name);
}

/** A factory of `Broken` stores around an InMemoryRunStore on the case's clock. */
function broken(Broken: new (inner: RunStore) => RunStore): RunStoreFactory {
  return ({ clock }) => new Broken(new InMemoryRunStore({ clock }));
}

describe(checkRunStoreConformance, () => {
  describe('when the store keeps the contract', () => {
    it('should report every case passed', async () => {
      const results = await checkRunStoreConformance(({ clock }) => new InMemoryRunStore({ clock }));

      expect(results.length).toBeGreaterThan(25);
      expect(results.filter((result) => result.error !== undefined)).toStrictEqual([]);
    });
  });

  describe('when two callers can create one slot', () => {
    it('should fail the claim cases and the concurrent writers', async () => {
      expect(await failing(broken(DoubleClaimRunStore))).toStrictEqual([
        'claims: of two concurrent createRun calls for one slot, exactly one creates the run',
        'claims: many engines racing for many slots create each slot once',
        'claims: a skipped record claims its slot too',
        'concurrent writers: many runs claimed and written interleaved all land intact',
      ]);
    });
  });

  describe('when the store ignores the epoch', () => {
    it('should fail the fencing and takeover cases', async () => {
      expect(await failing(broken(EpochBlindRunStore))).toStrictEqual([
        'fencing: a write at a stale epoch is refused and changes nothing',
        "fencing: a write by another owner at the run's epoch is refused and changes nothing",
        'fencing: of a stale write and a takeover racing, exactly one lands',
        'fencing: a stale finishRun writes neither the end nor the steps it carries',
        'takeOver: of concurrent takeovers at one epoch, exactly one wins',
        'takeOver: a finished run is reopened, with finishedAt, error and outputSummary cleared and its steps kept',
      ]);
    });
  });

  describe('when checkpoints are cut at 64 KB', () => {
    it('should fail the checkpoint cases', async () => {
      expect(await failing(broken(TruncatingRunStore))).toStrictEqual([
        "checkpoints: a run's input and its steps' outputs round-trip exactly, large and unicode ones included",
        "checkpoints: a run taken over carries its input and every completed step's output, and its new owner carries on",
      ]);
    });
  });

  describe('when runs are listed oldest first', () => {
    it('should fail the query cases, and the retention case that reads the runs kept', async () => {
      expect(await failing(broken(OldestFirstRunStore))).toStrictEqual([
        'queries: each filter of queryRuns selects exactly the matching runs, newest first',
        'queries: listRuns, lastRun and queryRuns order runs newest first, by startedAt then by creation',
        'queries: cursor pagination returns every matching run exactly once, in order',
        'queries: a run created between two pages does not shift the pages after it',
        'queries: invalid filters are refused with BATON_ERR_RUNS_INVALID_QUERY',
        'retention: setRetention keeps the newest finished runs and never drops a running one',
      ]);
    });
  });

  describe("when the store keeps its callers' step objects", () => {
    it('should fail both copy cases: what callers pass in, and what they read back', async () => {
      expect(await failing(broken(SharingRunStore))).toStrictEqual([
        'copies: changing what was passed to the store changes nothing in it',
        'copies: changing a record read from the store changes nothing in it',
      ]);
    });
  });

  describe('when a case fails', () => {
    it('should say why, in the error', async () => {
      const results = await checkRunStoreConformance(broken(EpochBlindRunStore));
      const stale = results.find((result) => result.name === 'fencing: a write at a stale epoch is refused and changes nothing');

      expect(stale?.error?.message).toContain('expected BATON_ERR_RUNS_STALE_EPOCH, but it succeeded');
    });
  });
});
