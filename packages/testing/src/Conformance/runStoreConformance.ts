import { BatonError, BatonErrorCode, type RunStore } from '@baton/core';
import { ManualClock } from '../ManualClock.js';
import type { CaseDefinition } from './Internal/CaseDefinition.js';
import { checkpointCases } from './Internal/checkpointCases.js';
import { claimCases } from './Internal/claimCases.js';
import { concurrencyCases } from './Internal/concurrencyCases.js';
import { ConformanceContext } from './Internal/ConformanceContext.js';
import { copyCases } from './Internal/copyCases.js';
import { countCases } from './Internal/countCases.js';
import { fencingCases } from './Internal/fencingCases.js';
import { leaseCases } from './Internal/leaseCases.js';
import { queryCases } from './Internal/queryCases.js';
import { retentionCases } from './Internal/retentionCases.js';
import { stepCases } from './Internal/stepCases.js';
import { takeOverCases } from './Internal/takeOverCases.js';
import type { RunStoreConformanceCase } from './RunStoreConformanceCase.js';
import type { RunStoreFactory } from './RunStoreFactory.js';
import type { RunStoreFixture } from './RunStoreFixture.js';

/** Options of {@link runStoreConformance}. */
export interface RunStoreConformanceOptions {
  /**
   * Whether the store implements the optional `setRetention`, which the retention cases check. Defaults to true: a
   * store without it fails those cases unless this is false.
   */
  readonly retention?: boolean;
}

const CASES: readonly CaseDefinition[] = [
  ...claimCases,
  ...fencingCases,
  ...leaseCases,
  ...takeOverCases,
  ...checkpointCases,
  ...stepCases,
  ...queryCases,
  ...countCases,
  ...retentionCases,
  ...copyCases,
  ...concurrencyCases,
];

/**
 * The RunStore conformance suite: every case of the {@link RunStore} contract, as plain named async checks that any
 * test runner can register, or that {@link checkRunStoreConformance} runs on its own.
 *
 * @remarks The cases cover claims (one run per slot, whoever races for it), fencing (a write at a stale epoch, by
 * another owner, to a finished or unknown run is refused with BATON_ERR_RUNS_STALE_EPOCH and changes nothing), leases
 * (renewed by writes and by renewLeases, expired by time), takeovers (their conditions, one winner per epoch, the
 * recovery recorded, a finished run reopened), checkpoints (large and unicode strings round-trip exactly, and a run
 * taken over resumes from them), steps, queries (filters, order, cursor pagination, refused filters), counts,
 * retention, copies (no object shared with callers) and concurrent writers.
 *
 * Each case calls `factory` for a fresh, empty store with a `ManualClock` of its own, and only the case moves time.
 * A case writes at most 60 runs, and at most 50 of one workflow: the store's default retention must keep that many.
 * @param factory - Makes the store for one case: see {@link RunStoreFactory}.
 * @param options - See {@link RunStoreConformanceOptions}.
 * @example
 * ```ts
 * for (const check of runStoreConformance(({ clock }) => new InMemoryRunStore({ clock }))) {
 *   test(check.name, () => check.run());
 * }
 * ```
 */
export function runStoreConformance(factory: RunStoreFactory, options: RunStoreConformanceOptions = {}): RunStoreConformanceCase[] {
  const { retention = true, ...unknown } = options;
  const extra = Object.keys(unknown);
  if (extra.length > 0) throw new BatonError(BatonErrorCode.RunsInvalidOptions, `Unknown runStoreConformance option '${extra[0]}'; expected retention.`);
  if (typeof retention !== 'boolean')
    throw new BatonError(BatonErrorCode.RunsInvalidOptions, `runStoreConformance retention must be true or false; got ${String(retention)}.`);
  return CASES.filter((definition) => retention || definition.needsRetention !== true).map((definition) => ({
    name: definition.name,
    run: () => runCase(factory, definition),
  }));
}

async function runCase(factory: RunStoreFactory, definition: CaseDefinition): Promise<void> {
  const clock = new ManualClock();
  const made = await factory({ clock });
  const fixture: RunStoreFixture = isStore(made) ? { store: made } : made;
  let failure: { error: unknown } | undefined;
  try {
    await definition.run(new ConformanceContext(fixture, clock));
  } catch (error) {
    failure = { error };
  }
  try {
    await fixture.dispose?.();
  } catch (error) {
    // The case's own failure says more than a failing cleanup after it.
    failure ??= { error };
  }
  if (failure !== undefined) throw failure.error;
}

function isStore(made: RunStore | RunStoreFixture): made is RunStore {
  return typeof (made as Partial<RunStore>).createRun === 'function';
}
