import { token } from '../DependencyInjection/Token.js';

/** The durable state of one workflow's schedule, shared by every replica. Times are epoch ms. */
export interface ScheduleState {
  readonly workflow: string;
  /** Paused by an operator (`Workflows.pause`); `false` once resumed. */
  readonly paused: boolean;
  /** For a pause with an end: ticking resumes at this time, with no further write. */
  readonly pausedUntil?: number;
  /** The latest slot a run was claimed for: what the missed-run policy counts from after a restart of every replica. */
  readonly lastSlot?: number;
  /**
   * When an operator last paused or resumed the workflow (the store's clock). Absent while only its slots were
   * recorded: then `paused` is `false` and the definition's `paused` option holds.
   */
  readonly updatedAt?: number;
}

/**
 * The durable, shared state of the schedules: which workflows an operator paused (and until when), and the latest
 * slot each one claimed. In memory by default ({@link InMemoryScheduleStore}), PostgreSQL with `@baton/postgres`.
 *
 * @remarks The workflow engine reads {@link ScheduleStore.states} at start, applies it, and reads it again whenever a
 * `schedule` signal arrives on the `ControlChannel` and every `schedulePoll` (the backstop), so a pause on one replica
 * pauses all. A workflow without a state keeps its definition's `paused` option; once an operator paused or resumed
 * it, its state wins, across restarts.
 *
 * An `every(...)` workflow with no last slot anchors its grid at {@link ScheduleStore.claimAnchor}: the first replica
 * to schedule it fixes the grid for every replica, so replicas that start together share one grid and each slot runs
 * once. A store without `claimAnchor` leaves each engine anchored at its own start.
 */
export interface ScheduleStore {
  /** Sets the pause state of `workflow` (`until`: only with `paused`, when ticking resumes); resolves with the state stored. */
  setPaused(workflow: string, paused: boolean, until?: number): Promise<ScheduleState>;
  /**
   * Optional: records that the run of `workflow`'s slot `slot` was claimed. The store keeps the latest slot: an older
   * one changes nothing. The engine writes it after each claim it wins, without waiting for it. A store whose RunStore
   * keeps the latest slot durably (its `lastScheduledAt` survives retention, as `@baton/postgres`'s does) leaves it out,
   * which saves a write per tick.
   */
  recordSlot?(workflow: string, slot: number): Promise<void>;
  /**
   * Optional: the anchor of `workflow`'s `every(...)` grid, fixed once for every replica. Stores `anchor` if the
   * workflow has none yet and resolves with the one stored: the first writer wins, and callers that race agree on one
   * value. It is never changed afterwards (not by `setPaused`, `recordSlot` or a changed interval), and an anchor alone
   * is not a state: {@link ScheduleStore.states} does not list a workflow for it.
   *
   * @remarks The engine calls it when it schedules an interval workflow that has no last slot, with its clock's now,
   * and anchors at the result (slots `anchor + initialDelay + k * interval`). Once a slot is stored, the engine
   * continues the last slot's grid as before. If the method is missing or fails, the engine anchors at its own start
   * (with a warning for a failure), as a single process does.
   */
  claimAnchor?(workflow: string, anchor: number): Promise<number>;
  /** The state of every workflow that has one. */
  states(): Promise<ScheduleState[]>;
}

/** DI token for the host's {@link ScheduleStore}; `addWorkflow` registers an {@link InMemoryScheduleStore} unless the app did. */
export const ScheduleStore = token<ScheduleStore>('@baton/core/ScheduleStore');
