import type { Duration, RunRecord, ServiceProvider, Workflows } from '@baton/core';
import type { Host, StopResult } from '@baton/host';
import type { ManualClock } from './ManualClock.js';
import type { RecordingLogger } from './RecordingLogger.js';

/**
 * A started host on a {@link ManualClock}, made by `createTestHost`. Time moves only when the test calls
 * {@link TestHost.advance}.
 *
 * @remarks Time is per host: use one TestHost per test, and stop it (or `await using` it) at the end.
 */
export interface TestHost extends AsyncDisposable {
  /** The underlying `@baton/host` host. */
  readonly host: Host;
  /** The virtual clock, registered as the host's `Clock`. */
  readonly clock: ManualClock;
  /** Every log entry the host and its services wrote. */
  readonly logs: RecordingLogger;
  /** The host's root service provider. */
  readonly provider: ServiceProvider;
  /** The workflow control (trigger, pause, resume, cancel, list, history, events). Throws if no workflow was added. */
  readonly workflows: Workflows;
  /**
   * Moves the clock forward by `duration`, firing every tick due in `[now, now + duration)` in time order and letting
   * each woken run settle (steps, retries, compensation) before moving on.
   *
   * @remarks Half-open: a tick due exactly at `now + duration` fires on the next call, so `advance('1d')` from
   * midnight runs a quarter-hourly cron 96 times, and two calls never fire one instant twice. `advance(0)` fires what is
   * due now (a workflow due at start, a run just triggered).
   */
  advance(duration: Duration): Promise<void>;
  /** Moves the clock to `time` (epoch ms, a `Date` or an ISO string) the same way: fires the ticks due in `[now, time)`. */
  advanceTo(time: number | Date | string): Promise<void>;
  /**
   * The runs of `workflow`, OLDEST first (the order they were scheduled), read from the RunStore. The test host's store
   * keeps every run (the default store keeps 100 per workflow), unless the workflow sets `history` or the app registers
   * its own RunStore.
   */
  runs(workflow: string): Promise<RunRecord[]>;
  /** The statuses of the runs of `workflow`, oldest first. */
  statuses(workflow: string): Promise<string[]>;
  /** Stops the host (and its in-flight runs) within the shutdown budget, on the virtual clock. */
  stop(): Promise<StopResult>;
}
