// What an engine does with the operator actions of every replica: it listens on the ControlChannel (a cancel for a run
// it owns, a schedule that changed), reads the ScheduleStore at start, on each `schedule` signal and every poll (the
// backstop of lost signals), and applies each workflow's pause here, arming the end of a pause with `until`.
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { ControlChannel, ControlSignal } from '../../Runs/ControlChannel.js';
import type { ScheduleState, ScheduleStore } from '../../Runs/ScheduleStore.js';
import type { Scheduler } from '../../Scheduling/Scheduler.js';
import type { Clock } from '../../Time/Clock.js';
import { cancelledBy } from './cancelledBy.js';
import type { ActiveRun, WorkflowEntry } from './WorkflowEntry.js';

export interface ControlWatcherOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly schedules: ScheduleStore;
  readonly channel: ControlChannel;
  readonly entries: ReadonlyMap<string, WorkflowEntry>;
  readonly pollMs: number;
  /** The engine's scheduler, once it runs. */
  readonly scheduler: () => Scheduler | undefined;
  /** Whether the engine runs: nothing is applied otherwise. */
  readonly running: () => boolean;
  /** A run this engine owns now, by id. */
  readonly owned: (runId: string) => ActiveRun | undefined;
  /** Puts a resumed workflow back on its schedule, from its next slot. */
  readonly activate: (entry: WorkflowEntry) => void;
  /** Aborts when the engine stops: the poll ends. */
  readonly signal: AbortSignal;
}

export class ControlWatcher {
  readonly #options: ControlWatcherOptions;
  /** The latest claimed slot of each workflow, from the ScheduleStore at start. */
  readonly #lastSlots = new Map<string, number>();
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(options: ControlWatcherOptions) {
    this.#options = options;
  }

  /** Subscribes to the ControlChannel, then reads and applies the ScheduleStore (keeping the last slots), then polls it. */
  async start(): Promise<void> {
    const { channel, log } = this.#options;
    try {
      this.#unsubscribe = await channel.subscribe((signal) => this.#onSignal(signal));
    } catch (error) {
      log.warn('Could not subscribe to the ControlChannel; cancels and pauses from other replicas arrive by polling', { error: toError(error) });
    }
    await this.#read(true);
    void this.#poll();
  }

  /** The ScheduleStore's latest claimed slot of `workflow`, as read at start. */
  lastSlot(workflow: string): number | undefined {
    return this.#lastSlots.get(workflow);
  }

  async stop(): Promise<void> {
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = undefined;
    await unsubscribe?.().catch((error: unknown) => this.#options.log.warn('Could not unsubscribe from the ControlChannel', { error: toError(error) }));
  }

  /**
   * Applies a pause state here: paused (until `until`, when given and in the future) or not. A pause with an end arms
   * a wake-up on the scheduler, so ticking resumes at `until` without a write. Before the engine runs, the state is
   * only kept on the entry (the engine applies the ScheduleStore's at start).
   */
  apply(entry: WorkflowEntry, paused: boolean, until: number | undefined): void {
    const { clock, log, running, scheduler, activate } = this.#options;
    if (!running()) {
      entry.paused = paused;
      entry.pausedUntil = paused ? until : undefined;
      return;
    }
    const pausedNow = paused && (until === undefined || until > clock.now());
    entry.wake?.cancel();
    entry.wake = undefined;
    entry.pausedUntil = pausedNow ? until : undefined;
    if (pausedNow && until !== undefined) {
      entry.wake = scheduler()!.at(until, () => {
        entry.wake = undefined;
        this.apply(entry, true, until);
      });
    }
    if (pausedNow === entry.paused) return;
    entry.paused = pausedNow;
    if (pausedNow) {
      entry.handle?.cancel();
      entry.handle = undefined;
      entry.nextDueAt = undefined;
      entry.pending.length = 0;
      if (entry.state === 'scheduled') entry.state = 'paused';
      log.info('Workflow paused', { workflow: entry.def.name, ...(until === undefined ? {} : { until }) });
    } else {
      log.info('Workflow resumed', { workflow: entry.def.name });
      if (entry.state === 'paused') activate(entry);
    }
  }

  /** A signal from the ControlChannel (this replica's own included). */
  #onSignal(signal: ControlSignal): void {
    const { running, owned, log } = this.#options;
    if (!running()) return;
    if (signal.kind === 'schedule') {
      void this.#read(false);
      return;
    }
    const active = owned(signal.runId);
    if (active === undefined) return;
    log.info('Run cancelled by a signal', { workflow: active.run.workflow, runId: signal.runId, actor: signal.actor });
    active.controller.abort(cancelledBy(signal.runId, active.run.workflow, signal.actor));
  }

  /** Reads the ScheduleStore and applies each workflow's pause state; at start, also keeps the last slots. */
  async #read(atStart: boolean): Promise<void> {
    const { schedules, entries, running, log } = this.#options;
    let states: ScheduleState[];
    try {
      states = await schedules.states();
    } catch (error) {
      log.warn('Could not read the ScheduleStore; pauses from other replicas apply at the next poll', { error: toError(error) });
      return;
    }
    if (!running()) return;
    for (const state of states) {
      const entry = entries.get(state.workflow);
      if (entry === undefined) continue;
      if (atStart && state.lastSlot !== undefined) this.#lastSlots.set(state.workflow, state.lastSlot);
      // Only an operator's pause or resume is a state of its own; a state that only records slots keeps the definition's.
      if (state.updatedAt !== undefined) this.apply(entry, state.paused, state.pausedUntil);
    }
  }

  /** Every `pollMs` until the engine stops: the ScheduleStore is read again. */
  async #poll(): Promise<void> {
    const { clock, pollMs, signal } = this.#options;
    while (await clock.sleep(pollMs, signal)) await this.#read(false);
  }
}
