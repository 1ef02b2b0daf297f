// The one hosted service that runs every workflow of a host: registration, start and stop, one HeapScheduler on the
// Clock for all schedules, overlap and missed-run policies. The heartbeat and the recovery sweep are RunKeeper's; the
// operator actions of every replica (pauses, cancels) reach it through ControlWatcher. Runs are started by RunLauncher
// (a scheduled run's creation is its slot's claim); callers reach the engine through the Workflows control surface
// (WorkflowControl).
import { randomUUID } from 'node:crypto';
import type { ScopeFactory } from '../../DependencyInjection/ScopeFactory.js';
import type { ServiceResolver } from '../../DependencyInjection/ServiceResolver.js';
import { describeKey } from '../../DependencyInjection/Token.js';
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { HostedService } from '../../Hosting/HostedService.js';
import type { Logger } from '../../Logging/Logger.js';
import { NullLogger } from '../../Logging/NullLogger.js';
import type { AuditLog } from '../../Runs/AuditLog.js';
import type { ControlChannel } from '../../Runs/ControlChannel.js';
import type { Coordinator } from '../../Runs/Coordinator.js';
import type { ScheduleStore } from '../../Runs/ScheduleStore.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { Serializer } from '../../Runs/Serializer.js';
import { HeapScheduler } from '../../Scheduling/HeapScheduler.js';
import type { Scheduler } from '../../Scheduling/Scheduler.js';
import type { SchedulerLag } from '../../Scheduling/SchedulerLag.js';
import type { Clock } from '../../Time/Clock.js';
import type { Workflow } from '../Workflow.js';
import type { WorkflowEvents, Workflows } from '../Workflows.js';
import { EventHub } from './EventHub.js';
import { LateBindings } from './LateBindings.js';
import { ControlWatcher } from './ControlWatcher.js';
import { describe } from './normalizeOptions.js';
import { planSlots } from './planSlots.js';
import { RunKeeper } from './RunKeeper.js';
import { RunLauncher } from './RunLauncher.js';
import { whenAborted } from '../../Hosting/Internal/whenAborted.js';
import type { EngineAccess, EngineStatus } from './WorkflowControl.js';
import { bindingConflict, createWorkflowControl } from './WorkflowControl.js';
import { definitionOf } from './WorkflowDefinition.js';
import type { WorkflowEntry } from './WorkflowEntry.js';
import { capacity, createEntry } from './WorkflowEntry.js';

export interface EngineServices {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly scopes: ScopeFactory;
  readonly store: RunStore;
  readonly coordinator: Coordinator;
  readonly serializer: Serializer;
  readonly audit: AuditLog;
  readonly schedules: ScheduleStore;
  readonly channel: ControlChannel;
  /** The root provider: `has()` answers whether a `.uses` token is bound. */
  readonly resolver: ServiceResolver;
}

export interface EngineOptions {
  /** The lease ttl of the runs it owns (and of the workflow leases for overlap 'skip'/'queue-one'). */
  readonly leaseTtlMs: number;
  /** How often the leases of the runs in flight are renewed. */
  readonly heartbeatMs: number;
  /** How often the store is swept for runs whose owner died. */
  readonly recoveryIntervalMs: number;
  /** At most this many runs recovered per sweep. */
  readonly recoveryBatch: number;
  /** The largest checkpoint, in bytes. */
  readonly checkpointLimit: number;
  /** How often the ScheduleStore is read again (the backstop of `schedule` signals). */
  readonly schedulePollMs: number;
  /** Creates the scheduler; defaults to a HeapScheduler on the clock. */
  readonly createScheduler?: (clock: Clock) => Scheduler;
}

export const defaultEngineOptions: EngineOptions = Object.freeze({
  leaseTtlMs: 10_000,
  heartbeatMs: 10_000 / 3,
  recoveryIntervalMs: 5_000,
  recoveryBatch: 100,
  checkpointLimit: 1_000_000,
  schedulePollMs: 5_000,
});

export class WorkflowEngine implements HostedService {
  readonly #entries = new Map<string, WorkflowEntry>();
  readonly #events: EventHub<WorkflowEvents>;
  readonly #late = new LateBindings();
  readonly #hardStop = new AbortController();
  /** This engine's identity as the owner of runs and leases: one per engine instance (replica). */
  readonly owner = randomUUID();
  #options: EngineOptions;
  readonly #createScheduler: (clock: Clock) => Scheduler;
  /** Aborts the heartbeat and the recovery sweep when the engine stops. */
  readonly #background = new AbortController();
  #keeper: RunKeeper | undefined;
  #status: EngineStatus = 'created';
  #services: EngineServices | undefined;
  #log: Logger = NullLogger;
  #scheduler: Scheduler | undefined;
  #stopping: Promise<void> | undefined;
  #runs: RunLauncher | undefined;
  #watcher: ControlWatcher | undefined;

  /** The control surface registered as the `Workflows` token. */
  readonly control: Workflows;

  constructor(options: Partial<EngineOptions> = {}) {
    this.#options = { ...defaultEngineOptions, ...options };
    this.#createScheduler =
      options.createScheduler ??
      ((clock) =>
        new HeapScheduler(clock, {
          onCallbackError: (error) => this.#log.error('A workflow tick failed', { error: toError(error) }),
          onLag: (lag) => this.#lagged(lag),
        }));
    this.#events = new EventHub<WorkflowEvents>(() => this.#log);
    this.control = createWorkflowControl(this.#access());
  }

  /** Registers a workflow; the engine must not have started. */
  add(workflow: Workflow<never, unknown> | unknown): void {
    const def = definitionOf(workflow);
    if (def === undefined) {
      throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `addWorkflow() needs a workflow built with defineWorkflow(); got ${describe(workflow)}.`);
    }
    if (def.steps.length === 0) {
      throw new BatonError(BatonErrorCode.WorkflowEmpty, `Workflow '${def.name}' has no steps; add at least one .step() or .parallel() before registering it.`);
    }
    if (this.#entries.has(def.name)) {
      throw new BatonError(
        BatonErrorCode.WorkflowDuplicate,
        `A workflow named '${def.name}' is already registered on this host; workflow names must be unique.`,
      );
    }
    if (this.#status !== 'created') {
      throw new BatonError(
        BatonErrorCode.HostRegistrationClosed,
        `Workflow '${def.name}' was registered after the workflow engine started; register workflows before host.start().`,
      );
    }
    this.#entries.set(def.name, createEntry(def));
  }

  /** Hands the engine its services (from the hosted-service factory); returns the engine. */
  attach(services: EngineServices, options?: Partial<EngineOptions>): this {
    this.#services = services;
    if (options !== undefined) this.#options = { ...this.#options, ...options };
    this.#checkBindings();
    this.#log = services.logger.child({ component: 'workflows' });
    return this;
  }

  /**
   * Start order: check late bindings and eager `.uses` tokens (fail fast, nothing scheduled); apply `history`
   * retention; subscribe to the ControlChannel; read the ScheduleStore (pauses, last slots) and apply it; then, per
   * workflow in registration order, take its last slot (the later of the ScheduleStore's and the RunStore's), queue the
   * missed slots its policy asks for and arm its next slot; then start the recovery sweep and the ScheduleStore poll.
   */
  async start(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const services = this.#requireServices();
    if (this.#status !== 'created') throw new BatonError(BatonErrorCode.HostAlreadyStarted, `The workflow engine cannot start from state '${this.#status}'.`);
    this.#checkBindings();
    for (const entry of this.#entries.values()) {
      if (entry.def.settings.history !== undefined && services.store.setRetention !== undefined) {
        await services.store.setRetention(entry.def.name, entry.def.settings.history);
      }
    }
    this.#scheduler = this.#createScheduler(services.clock);
    this.#status = 'running';
    this.#log.info('Workflow engine started', { workflows: [...this.#entries.keys()] });
    await this.#controlWatcher().start();
    for (const entry of this.#entries.values()) await this.#activate(entry, true);
    void this.#runKeeper().sweep();
  }

  /**
   * Every eager workflow's `.uses` tokens must be bound, and no late binding may shadow a registration. Runs when the
   * host resolves the engine (with the other graph checks, before any service starts), and again at start.
   */
  #checkBindings(): void {
    const services = this.#requireServices();
    for (const key of this.#late.keys()) {
      if (services.resolver.has(key)) throw bindingConflict(key);
    }
    for (const entry of this.#entries.values()) {
      const missing = this.#missing(entry);
      if (missing.length > 0 && entry.def.settings.requires === 'eager') {
        throw new BatonError(
          BatonErrorCode.DiMissingBinding,
          `Workflow '${entry.def.name}' uses '${describeKey(missing[0]!)}', but no service is registered for it. ` +
            "Register it with services.addSingleton, addScoped or addTransient, or declare the workflow .options({ requires: 'lazy' }) and bind it later with Workflows.bindLate().",
        );
      }
    }
  }

  /** Before any service stops: no new run is accepted from now on (a trigger is refused as the host is stopping). */
  async stopping(): Promise<void> {
    if (this.#status === 'running') this.#status = 'stopping';
  }

  /**
   * Stop order: stop scheduling (scheduler closed, queued ticks dropped); abort every run in flight (recorded
   * `cancelled`; compensated only with `compensateOnAbort`); wait for them until `signal` aborts. Idempotent.
   */
  stop(signal: AbortSignal): Promise<void> {
    this.#stopping ??= this.#stopCore(signal);
    return this.#stopping;
  }

  async #stopCore(signal: AbortSignal): Promise<void> {
    if (this.#status === 'created') {
      this.#status = 'stopped';
      return;
    }
    this.#status = 'stopping';
    this.#background.abort();
    await this.#watcher?.stop();
    this.#scheduler?.close();
    if (signal.aborted) this.#hardStop.abort();
    else signal.addEventListener('abort', () => this.#hardStop.abort(), { once: true });
    const runs: Promise<unknown>[] = [];
    for (const entry of this.#entries.values()) {
      entry.handle?.cancel();
      entry.handle = undefined;
      entry.wake?.cancel();
      entry.wake = undefined;
      entry.nextDueAt = undefined;
      entry.state = 'stopped';
      if (entry.pending.length > 0) this.#log.info('Dropping queued ticks: the host is stopping', { workflow: entry.def.name, slots: entry.pending.length });
      entry.pending.length = 0;
      for (const [id, run] of entry.inflight) {
        run.controller.abort(
          new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${id} of workflow '${entry.def.name}' was cancelled: the host is stopping.`),
        );
        if (run.done !== undefined) runs.push(run.done);
      }
    }
    await Promise.race([Promise.allSettled(runs), whenAborted(signal)]);
    this.#status = 'stopped';
    this.#log.info('Workflow engine stopped');
  }

  #requireServices(): EngineServices {
    if (this.#services === undefined)
      throw new BatonError(BatonErrorCode.WorkflowNotReady, 'The workflow engine has no services: it must be started by the host.');
    return this.#services;
  }

  #missing(entry: WorkflowEntry): readonly ServiceKey<unknown>[] {
    if (entry.def.uses.length === 0) return NONE_MISSING;
    return entry.def.uses.filter((key) => !this.#late.has(key) && !(this.#services?.resolver.has(key) ?? false));
  }

  /** Puts `entry` in its state and, when it ticks, arms its next slot. `fromStore`: apply the missed policy to the store's last slot. */
  async #activate(entry: WorkflowEntry, fromStore: boolean): Promise<void> {
    const { def } = entry;
    if (this.#status !== 'running') return;
    if (this.#missing(entry).length > 0) return void (entry.state = 'waiting');
    const schedule = def.schedule;
    if (schedule === undefined) return void (entry.state = 'manual');
    if (entry.paused) return void (entry.state = 'paused');
    const services = this.#requireServices();
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
        this.#log.warn('Could not read the last slot from the RunStore', { workflow: def.name, error: toError(error) });
      }
      // The ScheduleStore's last slot holds where the RunStore's history no longer does (retention, a store of its own).
      const recorded = this.#watcher?.lastSlot(def.name);
      if (recorded !== undefined && (last === undefined || recorded > last)) last = recorded;
    }
    // Continue the grid of the last slot, so interval slots (and their idempotency keys) survive restarts.
    if (last !== undefined) entry.anchor = last - schedule.initialDelayMs;
    else if (claim !== undefined) entry.anchor = await claim;
    else if (fromStore || entry.anchor === undefined) entry.anchor = now;
    if (fromStore || claim !== undefined) {
      // Stopped, activated or paused meanwhile.
      if (this.#status !== 'running' || entry.state === 'scheduled') return;
      if (entry.paused) return void (entry.state = 'paused');
    }
    const anchor = entry.anchor!;
    const plan = planSlots(schedule, anchor, last, now, now, def.settings.missed);
    entry.state = 'scheduled';
    if (plan.missed.length > 0) {
      this.#log.info('Running missed slots', { workflow: def.name, slots: plan.missed.length, policy: def.settings.missed.kind });
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
      const anchor = await this.#requireServices().schedules.claimAnchor!(workflow, now);
      if (Number.isFinite(anchor)) return anchor;
      throw new TypeError(`ScheduleStore.claimAnchor() resolved with ${String(anchor)}, not a time.`);
    } catch (error) {
      this.#log.warn("Could not claim the schedule's anchor in the ScheduleStore: this replica anchors its grid at its own start", {
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
      this.#log.info('Schedule has no further slot', { workflow: entry.def.name });
      return;
    }
    // Jitter delays the tick, never the slot: the idempotency key stays the slot's.
    const dueAt = slot + (schedule.jitterMs > 0 ? Math.floor(Math.random() * schedule.jitterMs) : 0);
    entry.nextDueAt = dueAt;
    entry.handle = this.#scheduler!.at(dueAt, () => this.#onTick(entry, slot));
  }

  #onTick(entry: WorkflowEntry, slot: number): void {
    entry.handle = undefined;
    entry.nextDueAt = undefined;
    if (this.#status !== 'running' || entry.state !== 'scheduled') return;
    const now = this.#requireServices().clock.now();
    // Slots that passed while the event loop was stalled are "missed" too.
    const plan = planSlots(entry.def.schedule!, entry.anchor!, slot, now, Math.max(now, slot + 1), entry.def.settings.missed);
    this.#arm(entry, plan.next);
    this.#offer(entry, [slot], false);
    if (plan.missed.length > 0) this.#offer(entry, plan.missed, true);
    if (plan.dropped > 0) this.#dropped(entry, slot, now, plan.dropped);
  }

  /** Slots that passed while the process could not run them, dropped by the missed-run policy: counted and reported. */
  #dropped(entry: WorkflowEntry, after: number, before: number, count: number): void {
    entry.missedSlots += count;
    const workflow = entry.def.name;
    this.#log.debug('Missed slots dropped by the missed-run policy', { workflow, after, before, slots: count, policy: entry.def.settings.missed.kind });
    if (this.#events.has('tick.missed')) this.#events.emit('tick.missed', { workflow, after, before, slots: count });
  }

  /**
   * Runs, queues or skips each slot, by the overlap policy; catch-up (`backlog`) slots queue behind each other. A run's
   * creation in the store is its slot's claim: where another replica has the slot, nothing runs here.
   */
  #offer(entry: WorkflowEntry, slots: readonly number[], backlog: boolean): void {
    for (const slot of slots) {
      if (this.#status !== 'running') return;
      if (backlog) {
        entry.pending.push(slot);
        entry.catchUp.add(slot);
        this.#drain(entry);
      } else if (entry.inflight.size < capacity(entry)) {
        this.#start(entry, slot);
      } else if (entry.def.settings.overlap.kind === 'queue-one' && entry.pending.length === 0) {
        entry.pending.push(slot);
      } else {
        this.#launcher().skipped(entry, slot, 'overlap');
      }
    }
  }

  #drain(entry: WorkflowEntry): void {
    while (this.#status === 'running' && entry.pending.length > 0 && entry.inflight.size < capacity(entry)) {
      this.#start(entry, entry.pending.shift()!);
    }
  }

  #start(entry: WorkflowEntry, slot: number): void {
    const { clock } = this.#requireServices();
    const catchUp = entry.catchUp.delete(slot);
    if (this.#events.has('tick.fired'))
      this.#events.emit('tick.fired', { workflow: entry.def.name, scheduledAt: slot, lateByMs: Math.max(0, clock.now() - slot), catchUp });
    this.#launcher()
      .launch(entry, { kind: 'new', trigger: 'schedule', scheduledAt: slot, input: undefined, inputCheckpoint: undefined })
      .then(
        (record) => {
          if (record === undefined) this.#launcher().skipped(entry, slot, 'claimed');
        },
        (error: unknown) => this.#runRejected(entry, error, slot),
      );
  }

  /**
   * A run this engine launched rejected: it was taken over (fenced), or could not be recorded. Never unhandled. A
   * scheduled slot whose claim could not be recorded did not run anywhere: it counts as missed (`tick.missed`).
   */
  #runRejected(entry: WorkflowEntry, error: unknown, scheduledAt?: number): void {
    if (BatonError.is(error, BatonErrorCode.RunsStaleEpoch) || BatonError.is(error, BatonErrorCode.RunsLeaseLost)) return;
    if (scheduledAt !== undefined && BatonError.is(error, BatonErrorCode.RunsStoreFailed)) this.#dropped(entry, scheduledAt - 1, scheduledAt + 1, 1);
    this.#log.error('A workflow run could not start', {
      workflow: entry.def.name,
      ...(scheduledAt === undefined ? {} : { scheduledAt }),
      error: toError(error),
    });
  }

  /**
   * The scheduler became overloaded (more fell due than the process could run on time), or caught up. Ticks that
   * passed meanwhile are handled by each workflow's missed-run policy (see #onTick); this reports it.
   */
  #lagged(lag: SchedulerLag): void {
    if (lag.overloaded)
      this.#log.warn("The workflow scheduler is overloaded: ticks run late; missed slots follow each workflow's missed-run policy", {
        lateByMs: lag.lateByMs,
        due: lag.due,
      });
    else this.#log.info('The workflow scheduler has caught up');
    this.#events.emit('scheduler.lag', lag);
  }

  /** What the engine does with the operator actions of every replica (see ControlWatcher), made on first use. */
  #controlWatcher(): ControlWatcher {
    if (this.#watcher !== undefined) return this.#watcher;
    const { clock, schedules, channel } = this.#requireServices();
    this.#watcher = new ControlWatcher({
      clock,
      log: this.#log,
      schedules,
      channel,
      entries: this.#entries,
      pollMs: this.#options.schedulePollMs,
      scheduler: () => this.#scheduler,
      running: () => this.#status === 'running',
      owned: (runId) => this.#runs?.owned.get(runId),
      activate: (entry) => void this.#activate(entry, false),
      signal: this.#background.signal,
    });
    return this.#watcher;
  }

  /** The heartbeat and the recovery sweep of this engine's runs (see RunKeeper), made on first use. */
  #runKeeper(): RunKeeper {
    if (this.#keeper !== undefined) return this.#keeper;
    const { clock, store } = this.#requireServices();
    const { leaseTtlMs, heartbeatMs, recoveryIntervalMs, recoveryBatch } = this.#options;
    this.#keeper = new RunKeeper({
      clock,
      store,
      log: this.#log,
      events: this.#events,
      owner: this.owner,
      leaseTtlMs,
      heartbeatMs,
      recoveryIntervalMs,
      recoveryBatch,
      channel: this.#requireServices().channel,
      launcher: () => this.#launcher(),
      workflow: (name) => (this.#status === 'running' ? this.#entries.get(name) : undefined),
      onRejected: (entry, error) => this.#runRejected(entry, error),
      signal: this.#background.signal,
    });
    return this.#keeper;
  }

  /** The run launcher, made on first use once the engine has its services (the same for every run). */
  #launcher(): RunLauncher {
    if (this.#runs !== undefined) return this.#runs;
    const services = this.#requireServices();
    this.#runs = new RunLauncher({
      services: {
        clock: services.clock,
        log: this.#log,
        store: services.store,
        schedules: services.schedules,
        serializer: services.serializer,
        scopes: services.scopes,
        events: this.#events,
        late: this.#late,
        compensationSignal: this.#hardStop.signal,
        owner: this.owner,
        leaseTtlMs: this.#options.leaseTtlMs,
        checkpointLimit: this.#options.checkpointLimit,
      },
      coordinator: services.coordinator,
      onLaunched: () => this.#runKeeper().beat(),
      onSettled: (entry) => this.#drain(entry),
    });
    return this.#runs;
  }

  /** What the `Workflows` control surface sees of this engine. */
  #access(): EngineAccess {
    return {
      status: () => this.#status,
      log: () => this.#log,
      store: () => this.#services?.store,
      events: this.#events,
      late: this.#late,
      entries: this.#entries,
      isBound: (key) => this.#services?.resolver.has(key) ?? false,
      missing: (entry) => this.#missing(entry),
      now: () => this.#requireServices().clock.now(),
      launch: (entry, start, signal) => this.#launcher().launch(entry, start, signal),
      inflight: (runId) => this.#launcher().owned.has(runId),
      owner: this.owner,
      leaseTtlMs: () => this.#options.leaseTtlMs,
      serializer: () => this.#requireServices().serializer,
      checkpointLimit: () => this.#options.checkpointLimit,
      lag: () => this.#scheduler?.lag,
      activate: (entry, fromStore) => this.#activate(entry, fromStore),
      audit: () => this.#services?.audit,
      schedules: () => this.#services?.schedules,
      channel: () => this.#services?.channel,
      applyPause: (entry, paused, until) => this.#controlWatcher().apply(entry, paused, until),
    };
  }
}

const NONE_MISSING: readonly ServiceKey<unknown>[] = Object.freeze([]);
