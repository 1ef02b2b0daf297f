// The one hosted service that runs every workflow of a host: registration, start and stop, one HeapScheduler on the
// Clock for all schedules. The schedules themselves (slots, overlap and missed-run policies) are WorkflowTicker's; the
// heartbeat and the recovery sweep are RunKeeper's; the operator actions of every replica (pauses, cancels) reach it
// through ControlWatcher. Runs are started by RunLauncher (a scheduled run's creation is its slot's claim); callers reach
// the engine through the Workflows control surface (WorkflowControl).
import { randomUUID } from 'node:crypto';
import { describeKey } from '../../DependencyInjection/Token.js';
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { HostedService } from '../../Hosting/HostedService.js';
import type { Logger } from '../../Logging/Logger.js';
import { NullLogger } from '../../Logging/NullLogger.js';
import { HeapScheduler } from '../../Scheduling/HeapScheduler.js';
import type { Scheduler } from '../../Scheduling/Scheduler.js';
import type { SchedulerLag } from '../../Scheduling/SchedulerLag.js';
import type { Clock } from '../../Time/Clock.js';
import type { Workflow } from '../Workflow.js';
import type { WorkflowEvents, Workflows } from '../Workflows.js';
import type { EngineOptions } from './EngineOptions.js';
import { defaultEngineOptions } from './EngineOptions.js';
import type { EngineServices } from './EngineServices.js';
import { EventHub } from './EventHub.js';
import { LateBindings } from './LateBindings.js';
import { ControlWatcher } from './ControlWatcher.js';
import { describe } from './normalizeOptions.js';
import { RunKeeper } from './RunKeeper.js';
import { RunLauncher } from './RunLauncher.js';
import { whenAborted } from '../../Hosting/Internal/whenAborted.js';
import type { EngineAccess, EngineStatus } from './WorkflowControl.js';
import { bindingConflict, createWorkflowControl } from './WorkflowControl.js';
import { definitionOf } from './WorkflowDefinition.js';
import type { WorkflowEntry } from './WorkflowEntry.js';
import { createEntry } from './WorkflowEntry.js';
import { WorkflowTicker } from './WorkflowTicker.js';

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
  #ticker: WorkflowTicker | undefined;

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
    for (const entry of this.#entries.values()) await this.#workflowTicker().activate(entry, true);
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

  /**
   * The scheduler became overloaded (more fell due than the process could run on time), or caught up. Ticks that
   * passed meanwhile are handled by each workflow's missed-run policy (see WorkflowTicker); this reports it.
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
      activate: (entry) => void this.#workflowTicker().activate(entry, false),
      signal: this.#background.signal,
    });
    return this.#watcher;
  }

  /** The schedules of this engine's workflows (see WorkflowTicker), made on first use. */
  #workflowTicker(): WorkflowTicker {
    this.#ticker ??= new WorkflowTicker({
      services: () => this.#requireServices(),
      log: () => this.#log,
      events: this.#events,
      running: () => this.#status === 'running',
      scheduler: () => this.#scheduler!,
      launcher: () => this.#launcher(),
      missing: (entry) => this.#missing(entry),
      lastSlot: (workflow) => this.#watcher?.lastSlot(workflow),
    });
    return this.#ticker;
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
      onRejected: (entry, error) => this.#workflowTicker().runRejected(entry, error),
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
      onSettled: (entry) => this.#workflowTicker().drain(entry),
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
      activate: (entry, fromStore) => this.#workflowTicker().activate(entry, fromStore),
      audit: () => this.#services?.audit,
      schedules: () => this.#services?.schedules,
      channel: () => this.#services?.channel,
      applyPause: (entry, paused, until) => this.#controlWatcher().apply(entry, paused, until),
    };
  }
}

const NONE_MISSING: readonly ServiceKey<unknown>[] = Object.freeze([]);
