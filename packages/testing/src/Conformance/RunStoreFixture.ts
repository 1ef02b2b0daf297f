import type { RunStore } from '@baton/core';

/**
 * A {@link RunStore} under test, with what the conformance suite needs to control its clock. Return it from a
 * {@link RunStoreFactory} when the store does not read time from the suite's `ManualClock` (e.g. a database's `now()`).
 *
 * @remarks The suite needs time to stand still unless it moves it: between two calls of `advance`, the store's now
 * must not change, and `advance(ms)` must move it by exactly `ms`.
 */
export interface RunStoreFixture {
  readonly store: RunStore;
  /** Lets `ms` milliseconds pass on the store's clock. Defaults to `clock.advance(ms)`. */
  advance?(ms: number): Promise<void>;
  /** The store's now (epoch ms): what leases and takeovers are measured against. Defaults to `clock.now()`. */
  now?(): number | Promise<number>;
  /** Releases the store once its case has run, whether it passed or not (close a pool, drop a schema). */
  dispose?(): Promise<void> | void;
}
