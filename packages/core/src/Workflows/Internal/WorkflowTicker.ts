// The schedules of the engine's workflows: arms each workflow's next slot on the scheduler, applies the missed-run
// policy to the slots that passed (at start, after a pause, and when a tick fires late) and the overlap policy to each
// slot, and launches the scheduled runs. A run's creation in the store is its slot's claim (see RunLauncher).
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { Scheduler } from '../../Scheduling/Scheduler.js';
import type { WorkflowEvents } from '../Workflows.js';
import type { EngineServices } from './EngineServices.js';
import type { EventHub } from './EventHub.js';
import { planSlots } from './planSlots.js';
import type { RunLauncher } from './RunLauncher.js';
import type { WorkflowEntry } from './WorkflowEntry.js';
import { capacity } from './WorkflowEntry.js';

export interface TickerOptions {
  readonly services: () => EngineServices;
  readonly log: () => Logger;
  readonly events: EventHub<WorkflowEvents>;
  /** Whether the engine runs: nothing is armed or started otherwise. */
  readonly running: () => boolean;
  readonly scheduler: () => Scheduler;
  readonly launcher: () => RunLauncher;
  /** The `.uses` tokens of `entry` not bound yet. */
  readonly missing: (entry: WorkflowEntry) => readonly ServiceKey<unknown>[];
  /** The last slot the ScheduleStore holds for a workflow (see ControlWatcher). */
  readonly lastSlot: (workflow: string) => number | undefined;
}

export class WorkflowTicker {
  readonly #options: TickerOptions;

  constructor(options: TickerOptions) {
    this.#options = options;
  }

  /** Puts `entry` in its state and, when it ticks, arms its next slot. `fromStore`: apply the missed policy to the store's last slot. */
  async activate(entry: WorkflowEntry, fromStore: boolean): Promise<void> {
    const { def } = entry;
    if (!this.#options.running()) return;
    if (this.#options.missing(entry).length > 0) return void (entry.state = 'waiting');
    const schedule = def.schedule;
    if (schedule === undefined) return void (entry.state = 'manual');
    if (entry.paused) return void (entry.state = 'paused');
    const services = this.#options.services();
    const now = services.clock.now();
    // With no last slot, the grid is the one the first replica claimed in the ScheduleStore (`now` when this engine is
    // the first). Claimed beside the read of the last slot, so that a start waits for one round trip, not two.
    const shared = schedule.kind === 'interval' && services.schedules.claimAnchor !== undefined;
    const claim = shared && (fromStore || entry.anchor === undefined) ? this.#claimAnchor(def.name, now) : undefined;
    let last: number | undefined;
    if (fromStore) {
      try {
        last = await services.store.lastScheduledAt(def.name);
      } catch (error) {
        this.#options.log().warn('Could not read the last slot from the RunStore', { workflow: def.name, error: toError(error) });
      }
      // The ScheduleStore's last slot holds where the RunStore's history no longer does (retention, a store of its own).
      const recorded = this.#options.lastSlot(def.name);
      if (recorded !== undefined && (last === undefined || recorded > last)) last = recorded;
    }
    // Continue the grid of the last slot, so interval slots (and their idempotency keys) survive restarts.
    if (last !== undefined) entry.anchor = last - schedule.initialDelayMs;
    else if (claim !== undefined) entry.anchor = await claim;
    else if (fromStore || entry.anchor === undefined) entry.anchor = now;
    if (fromStore || claim !== undefined) {
      // Stopped, activated or paused meanwhile.
      if (!this.#options.running() || entry.state === 'scheduled') return;
      if (entry.paused) return void (entry.state = 'paused');
    }
    const anchor = entry.anchor!;
    const plan = planSlots(schedule, anchor, last, now, now, def.settings.missed);
    entry.state = 'scheduled';
    if (plan.missed.length > 0) {
      this.#options.log().info('Running missed slots', { workflow: def.name, slots: plan.missed.length, policy: def.settings.missed.kind });
      this.#offer(entry, plan.missed, true);
    }
    this.#arm(entry, plan.next);
  }

  /**
   * The anchor of an interval schedule with no last slot: the one stored by the first replica to schedule it, so that
   * replicas starting together share one grid, or `now` when the claim fails (with a warning). Never rejects. (A cron
   * schedule is aligned on the clock and needs no anchor; a store without `claimAnchor` leaves each engine at `now`.)
   */
  async #claimAnchor(workflow: string, now: number): Promise<number> {
    try {
      const anchor = await this.#options.services().schedules.claimAnchor!(workflow, now);
      if (Number.isFinite(anchor)) return anchor;
      throw new TypeError(`ScheduleStore.claimAnchor() resolved with ${String(anchor)}, not a time.`);
    } catch (error) {
      this.#options.log().warn("Could not claim the schedule's anchor in the ScheduleStore: this replica anchors its grid at its own start", {
        workflow,
        error: toError(error),
      });
      return now;
    }
  }

  #arm(entry: WorkflowEntry, slot: number | undefined): void {
    const schedule = entry.def.schedule!;
    if (slot === undefined) {
      entry.state = 'stopped';
      entry.nextDueAt = undefined;
      this.#options.log().info('Schedule has no further slot', { workflow: entry.def.name });
      return;
    }
    // Jitter delays the tick, never the slot: the idempotency key stays the slot's.
    const dueAt = slot + (schedule.jitterMs > 0 ? Math.floor(Math.random() * schedule.jitterMs) : 0);
    entry.nextDueAt = dueAt;
    entry.handle = this.#options.scheduler().at(dueAt, () => this.#onTick(entry, slot));
  }

  #onTick(entry: WorkflowEntry, slot: number): void {
    entry.handle = undefined;
    entry.nextDueAt = undefined;
    if (!this.#options.running() || entry.state !== 'scheduled') return;
    const now = this.#options.services().clock.now();
    // Slots that passed while the event loop was stalled are "missed" too.
    const plan = planSlots(entry.def.schedule!, entry.anchor!, slot, now, Math.max(now, slot + 1), entry.def.settings.missed);
    this.#arm(entry, plan.next);
    this.#offerOne(entry, slot, false);
    if (plan.missed.length > 0) this.#offer(entry, plan.missed, true);
    if (plan.dropped > 0) this.#dropped(entry, slot, now, plan.dropped);
  }

  /** Slots that passed while the process could not run them, dropped by the missed-run policy: counted and reported. */
  #dropped(entry: WorkflowEntry, after: number, before: number, count: number): void {
    entry.missedSlots += count;
    const workflow = entry.def.name;
    this.#options
      .log()
      .debug('Missed slots dropped by the missed-run policy', { workflow, after, before, slots: count, policy: entry.def.settings.missed.kind });
    if (this.#options.events.has('tick.missed')) this.#options.events.emit('tick.missed', { workflow, after, before, slots: count });
  }

  /**
   * Runs, queues or skips each slot, by the overlap policy; catch-up (`backlog`) slots queue behind each other. A run's
   * creation in the store is its slot's claim: where another replica has the slot, nothing runs here.
   */
  #offer(entry: WorkflowEntry, slots: readonly number[], backlog: boolean): void {
    for (const slot of slots) {
      if (!this.#options.running()) return;
      this.#offerOne(entry, slot, backlog);
    }
  }

  #offerOne(entry: WorkflowEntry, slot: number, backlog: boolean): void {
    if (backlog) {
      entry.pending.push(slot);
      entry.catchUp.add(slot);
      this.drain(entry);
    } else if (entry.inflight.size < capacity(entry)) {
      this.#start(entry, slot);
    } else if (entry.def.settings.overlap.kind === 'queue-one' && entry.pending.length === 0) {
      entry.pending.push(slot);
    } else {
      this.#options.launcher().skipped(entry, slot, 'overlap');
    }
  }

  /** Starts queued slots of `entry` while it has room for another run (called again whenever one of its runs settles). */
  drain(entry: WorkflowEntry): void {
    while (this.#options.running() && entry.pending.length > 0 && entry.inflight.size < capacity(entry)) {
      this.#start(entry, entry.pending.shift()!);
    }
  }

  #start(entry: WorkflowEntry, slot: number): void {
    const { clock } = this.#options.services();
    const catchUp = entry.catchUp.delete(slot);
    if (this.#options.events.has('tick.fired'))
      this.#options.events.emit('tick.fired', { workflow: entry.def.name, scheduledAt: slot, lateByMs: Math.max(0, clock.now() - slot), catchUp });
    this.#options
      .launcher()
      .launch(entry, { kind: 'new', trigger: 'schedule', scheduledAt: slot, input: undefined, inputCheckpoint: undefined })
      .then(
        (record) => {
          if (record === undefined) this.#options.launcher().skipped(entry, slot, 'claimed');
        },
        (error: unknown) => this.runRejected(entry, error, slot),
      );
  }

  /**
   * A run this engine launched rejected: it was taken over (fenced), or could not be recorded. Never unhandled. A
   * scheduled slot whose claim could not be recorded did not run anywhere: it counts as missed (`tick.missed`).
   */
  runRejected(entry: WorkflowEntry, error: unknown, scheduledAt?: number): void {
    if (BatonError.is(error, BatonErrorCode.RunsStaleEpoch) || BatonError.is(error, BatonErrorCode.RunsLeaseLost)) return;
    if (scheduledAt !== undefined && BatonError.is(error, BatonErrorCode.RunsStoreFailed)) this.#dropped(entry, scheduledAt - 1, scheduledAt + 1, 1);
    this.#options.log().error('A workflow run could not start', {
      workflow: entry.def.name,
      ...(scheduledAt === undefined ? {} : { scheduledAt }),
      error: toError(error),
    });
  }
}
