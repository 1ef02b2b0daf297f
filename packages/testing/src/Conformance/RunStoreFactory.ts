import type { RunStore } from '@baton/core';
import type { ManualClock } from '../ManualClock.js';
import type { RunStoreFixture } from './RunStoreFixture.js';

/** What the conformance suite hands a {@link RunStoreFactory} for each case. */
export interface RunStoreConformanceContext {
  /** A clock of the case's own, at 2026-01-01T00:00:00Z: give it to the store as its clock. The suite moves it. */
  readonly clock: ManualClock;
}

/**
 * Makes a fresh, empty store for one conformance case: a {@link RunStore} that reads time from `context.clock`, or a
 * {@link RunStoreFixture} that says how to move and read the store's own clock.
 *
 * @example
 * ```ts
 * const factory: RunStoreFactory = ({ clock }) => new InMemoryRunStore({ clock });
 * ```
 */
export type RunStoreFactory = (context: RunStoreConformanceContext) => RunStore | RunStoreFixture | Promise<RunStore | RunStoreFixture>;
