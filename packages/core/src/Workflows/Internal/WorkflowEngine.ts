// The one hosted service that runs every workflow of a host: registration, start and stop, one HeapScheduler on the
// Clock for all schedules, tick claims through the Coordinator, overlap and missed-run policies. Runs are started by
// RunLauncher; callers reach the engine through the Workflows control surface (WorkflowControl).
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
import type { Coordinator } from '../../Runs/Coordinator.js';
import type { RunStore } from '../../Runs/RunStore.js';
import { HeapScheduler } from '../../Scheduling/HeapScheduler.js';
import type { Scheduler } from '../../Scheduling/Scheduler.js';
import type { Clock } from '../../Time/Clock.js';
import type { Workflow } from '../Workflow.js';
import type { WorkflowEvents, Workflows } from '../Workflows.js';
import { EventHub } from './EventHub.js';
import { LateBindings } from './LateBindings.js';
import { describe } from './normalizeOptions.js';
import { planSlots } from './planSlots.js';
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
  /** The root provider: `has()` answers whether a `.uses` token is bound. */
  readonly resolver: ServiceResolver;
}

export interface EngineOptions {
  /** Lease ttl for overlap 'skip'/'queue-one'; renewed every third of it. Defaults to 30 s. */
  readonly leaseTtlMs?: number;
  /** How long a tick claim is kept. Defaults to 24 h. */
  readonly claimTtlMs?: number;
  /** Creates the scheduler; defaults to a HeapScheduler on the clock. */
  readonly createScheduler?: (clock: Clock) => Scheduler;
}

export class WorkflowEngine implements HostedService {
  readonly #entries = new Map<string, WorkflowEntry>();
  readonly #events: EventHub<WorkflowEvents>;
  readonly #late = new LateBindings();
  readonly #hardStop = new AbortController();
  readonly #holder = randomUUID();
  readonly #leaseTtlMs: number;
  readonly #claimTtlMs: number;
  readonly #createScheduler: (clock: Clock) => Scheduler;
  #status: EngineStatus = 'created';
  #services: EngineServices | undefined;
  #log: Logger = NullLogger;
  #scheduler: Scheduler | undefined;
  #stopping: Promise<void> | undefined;
  #runs: RunLauncher | undefined;

  /** The control surface registered as the `Workflows` token. */
  readonly control: Workflows;

  constructor(options: EngineOptions = {}) {
    this.#leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.#claimTtlMs = options.claimTtlMs ?? 86_400_000;
    this.#createScheduler =
      options.createScheduler ??
      ((clock) => new HeapScheduler(clock, { onCallbackError: (error) => this.#log.error('A workflow tick failed', { error: toError(error) }) }));
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
      throw new BatonError(BatonErrorCode.WorkflowDuplicate, `A workflow named '${def.name}' is already registered on this host; workflow names must be unique.`);
    }
    if (this.#status !== 'created') {
      throw new BatonError(BatonErrorCode.HostRegistrationClosed, `Workflow '${def.name}' was registered after the workflow engine started; register workflows before host.start().`);
    }
    this.#entries.set(def.name, createEntry(def));
  }

  /** Hands the engine its services (from the hosted-service factory); returns the engine. */
  attach(services: EngineServices): this {
    this.#services = services;
    this.#log = services.logger.child({ component: 'workflows' });
    return this;
  }

  /**
   * Start order: check late bindings and eager `.uses` tokens (fail fast, nothing scheduled); apply `history`
   * retention; then, per workflow in registration order, read its last slot from the RunStore, queue the missed slots
   * its policy asks for and arm its next slot.
   */
  async start(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const services = this.#requireServices();
    if (this.#status !== 'created') throw new BatonError(BatonErrorCode.HostAlreadyStarted, `The workflow engine cannot start from state '${this.#status}'.`);
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
    for (const entry of this.#entries.values()) {
      if (entry.def.settings.history !== undefined && services.store.setRetention !== undefined) {
        await services.store.setRetention(entry.def.name, entry.def.settings.history);
      }
    }
    this.#scheduler = this.#createScheduler(services.clock);
    this.#status = 'running';
    this.#log.info('Workflow engine started', { workflows: [...this.#entries.keys()] });
    for (const entry of this.#entries.values()) await this.#activate(entry, true);
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
    this.#scheduler?.close();
    if (signal.aborted) this.#hardStop.abort();
    else signal.addEventListener('abort', () => this.#hardStop.abort(), { once: true });
    const runs: Promise<unknown>[] = [];
    for (const entry of this.#entries.values()) {
      entry.handle?.cancel();
      entry.handle = undefined;
      entry.nextDueAt = undefined;
      entry.state = 'stopped';
      if (entry.pending.length > 0) this.#log.info('Dropping queued ticks: the host is stopping', { workflow: entry.def.name, slots: entry.pending.length });
      entry.pending.length = 0;
      for (const [id, run] of entry.inflight) {
        run.controller.abort(new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${id} of workflow '${entry.def.name}' was cancelled: the host is stopping.`));
        if (run.done !== undefined) runs.push(run.done);
      }
    }
    await Promise.race([Promise.allSettled(runs), whenAborted(signal)]);
    this.#status = 'stopped';
    this.#log.info('Workflow engine stopped');
  }

  #requireServices(): EngineServices {
    if (this.#services === undefined) throw new BatonError(BatonErrorCode.WorkflowNotReady, 'The workflow engine has no services: it must be started by the host.');
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
    let last: number | undefined;
    if (fromStore) {
      try {
        last = await services.store.lastScheduledAt(def.name);
      } catch (error) {
        this.#log.warn('Could not read the last slot from the RunStore; missed slots are skipped', { workflow: def.name, error: toError(error) });
      }
      // Stopped, activated or paused meanwhile.
      if (this.#status !== 'running' || entry.state === 'scheduled') return;
      if (entry.paused) return void (entry.state = 'paused');
    }
    const now = services.clock.now();
    // Continue the grid of the last slot, so interval slots (and their idempotency keys) survive restarts.
    if (fromStore || entry.anchor === undefined) entry.anchor = last === undefined ? now : last - schedule.initialDelayMs;
    const plan = planSlots(schedule, entry.anchor, last, now, now, def.settings.missed);
    entry.state = 'scheduled';
    if (plan.missed.length > 0) {
      this.#log.info('Running missed slots', { workflow: def.name, slots: plan.missed.length, policy: def.settings.missed.kind });
      this.#offer(entry, plan.missed, true);
    }
    this.#arm(entry, plan.next);
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
  }

  /** Claims each slot, then runs, queues or skips it. Catch-up (`backlog`) slots queue behind each other. */
  #offer(entry: WorkflowEntry, slots: readonly number[], backlog: boolean): void {
    const { coordinator } = this.#requireServices();
    void (async () => {
      for (const slot of slots) {
        let claimed: boolean;
        try {
          claimed = await coordinator.claimTick(entry.def.name, slot, this.#claimTtlMs);
        } catch (error) {
          this.#log.error('Could not claim a tick; it does not run here', { workflow: entry.def.name, scheduledAt: slot, error: toError(error) });
          claimed = false;
        }
        if (this.#status !== 'running') return;
        if (!claimed) {
          this.#launcher().skipped(entry, slot, 'claimed');
          continue;
        }
        if (backlog) {
          entry.pending.push(slot);
          this.#drain(entry);
        } else if (entry.inflight.size < capacity(entry)) {
          this.#start(entry, slot);
        } else if (entry.def.settings.overlap.kind === 'queue-one' && entry.pending.length === 0) {
          entry.pending.push(slot);
        } else {
          this.#launcher().skipped(entry, slot, 'overlap');
        }
      }
    })().catch((error: unknown) => this.#log.error('A workflow tick failed', { workflow: entry.def.name, error: toError(error) }));
  }

  #drain(entry: WorkflowEntry): void {
    while (this.#status === 'running' && entry.pending.length > 0 && entry.inflight.size < capacity(entry)) {
      this.#start(entry, entry.pending.shift()!);
    }
  }

  #start(entry: WorkflowEntry, slot: number): void {
    this.#launcher().launch(entry, 'schedule', slot, undefined).catch((error: unknown) =>
      this.#log.error('A scheduled run could not start', { workflow: entry.def.name, scheduledAt: slot, error: toError(error) }),
    );
  }

  /** The run launcher, made on first use once the engine has its services (the same for every run). */
  #launcher(): RunLauncher {
    if (this.#runs !== undefined) return this.#runs;
    const services = this.#requireServices();
    this.#runs = new RunLauncher({
      run: {
        clock: services.clock,
        log: this.#log,
        store: services.store,
        scopes: services.scopes,
        events: this.#events,
        late: this.#late,
        compensationSignal: this.#hardStop.signal,
      },
      coordinator: services.coordinator,
      holder: this.#holder,
      leaseTtlMs: this.#leaseTtlMs,
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
      launch: (entry, trigger, scheduledAt, input, signal) => this.#launcher().launch(entry, trigger, scheduledAt, input, signal),
      activate: (entry, fromStore) => this.#activate(entry, fromStore),
    };
  }
}

const NONE_MISSING: readonly ServiceKey<unknown>[] = Object.freeze([]);
