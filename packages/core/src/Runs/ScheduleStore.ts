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
  /** The state of every workflow that has one. */
  states(): Promise<ScheduleState[]>;
}

/** DI token for the host's {@link ScheduleStore}; `addWorkflow` registers an {@link InMemoryScheduleStore} unless the app did. */
export const ScheduleStore = token<ScheduleStore>('@baton/core/ScheduleStore');
