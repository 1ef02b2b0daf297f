import { token } from '../DependencyInjection/Token.js';

/**
 * A signal an engine sends to every engine on the channel:
 * - `cancel`: run `runId` is to be cancelled by its owner;
 * - `schedule`: the {@link ScheduleStore} state of `workflow` changed (paused or resumed): read it again.
 */
export type ControlSignal =
  { readonly kind: 'cancel'; readonly runId: string; readonly actor: string } | { readonly kind: 'schedule'; readonly workflow: string };

/** A cancel request standing for a run (see {@link ControlChannel.cancelRequests}). */
export interface CancelRequest {
  readonly runId: string;
  /** Who asked for it. */
  readonly actor: string;
}

/**
 * How operator actions reach the replica that must act on them: `Workflows.cancel` of a run another engine owns, and
 * a pause or resume that every engine must apply. In memory ({@link InMemoryControlChannel}) within one process;
 * on PostgreSQL, LISTEN/NOTIFY with `@baton/postgres`.
 *
 * @remarks Signals are fast and best effort: a signal may be lost (a dropped connection). Each has a durable backstop
 * the engines poll: a cancel request is recorded ({@link ControlChannel.requestCancel}) and read by the owner with its
 * lease heartbeat ({@link ControlChannel.cancelRequests}); a schedule change is in the {@link ScheduleStore}, read every
 * `schedulePoll`.
 */
export interface ControlChannel {
  /** Sends `signal` to every subscriber on the channel, this process's included. */
  publish(signal: ControlSignal): Promise<void>;
  /** Delivers every signal published from now on to `listener`, until the returned function is called. */
  subscribe(listener: (signal: ControlSignal) => void): Promise<() => Promise<void>>;
  /** Records that run `runId` is to be cancelled (the backstop), then publishes a `cancel` signal for it. */
  requestCancel(runId: string, actor: string): Promise<void>;
  /** Of `runIds`, those with a cancel request standing. */
  cancelRequests(runIds: readonly string[]): Promise<CancelRequest[]>;
  /** Withdraws the cancel request of run `runId`, if any: a run taken over by hand (retry, resume, compensate) starts afresh. */
  clearCancel(runId: string): Promise<void>;
}

/** DI token for the host's {@link ControlChannel}; `addWorkflow` registers an {@link InMemoryControlChannel} unless the app did. */
export const ControlChannel = token<ControlChannel>('@baton/core/ControlChannel');
