// The one hosted service that runs every workflow of a host: one HeapScheduler on the Clock for all schedules,
// tick claims and leases through the Coordinator, overlap and missed-run policies, and the Workflows control surface.
import { randomUUID } from 'node:crypto';
import type { ScopeFactory } from '../DependencyInjection/ScopeFactory.js';
import type { ServiceResolver } from '../DependencyInjection/ServiceResolver.js';
import { describeKey } from '../DependencyInjection/Token.js';
import type { ServiceKey } from '../DependencyInjection/Token.js';
import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import { toError } from '../Errors/toError.js';
import type { HostedService } from '../Hosting/HostedService.js';
import type { Logger } from '../Logging/Logger.js';
import { NullLogger } from '../Logging/NullLogger.js';
import type { Coordinator, Lease } from '../Runs/Coordinator.js';
import type { RunRecord, RunTrigger } from '../Runs/RunRecord.js';
import type { RunStore } from '../Runs/RunStore.js';
import { HeapScheduler } from '../Scheduling/HeapScheduler.js';
import type { Scheduler, SchedulerHandle } from '../Scheduling/Scheduler.js';
import type { Clock } from '../Time/Clock.js';
import type { Workflow } from '../Workflows/Workflow.js';
import type { LateImplementation, TickSkipReason, WorkflowEvents, WorkflowInfo, Workflows, WorkflowState } from '../Workflows/Workflows.js';
import { SETTLED } from './attemptStep.js';
import { EventHub } from './EventHub.js';
import { LateBindings } from './LateBindings.js';
import { describe } from './normalizeOptions.js';
import { planSlots } from './planSlots.js';
import { whenAborted } from './whenAborted.js';
import { WorkflowAbort } from './WorkflowAbort.js';
import type { WorkflowDefinition } from './WorkflowDefinition.js';
import { definitionOf } from './WorkflowDefinition.js';
import type { RunDependencies } from './WorkflowRun.js';
import { idempotencyKey, WorkflowRun } from './WorkflowRun.js';

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

interface ActiveRun {
  readonly controller: WorkflowAbort;
  done: Promise<unknown>;
}

interface Entry {
  readonly def: WorkflowDefinition;
  state: WorkflowState;
  paused: boolean;
  handle: SchedulerHandle | undefined;
  nextDueAt: number | undefined;
  /** The grid origin for interval schedules; set on first activation. */
  anchor: number | undefined;
  readonly inflight: Map<string, ActiveRun>;
  /** Claimed slots waiting for capacity: a queued tick (queue-one) or catch-up slots. */
  readonly pending: number[];
}

type EngineStatus = 'created' | 'running' | 'stopping' | 'stopped';

export class WorkflowEngine implements HostedService {
  readonly #entries = new Map<string, Entry>();
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
  #runDeps: RunDependencies | undefined;

  /** The control surface registered as the `Workflows` token. */
  readonly control: Workflows;

  constructor(options: EngineOptions = {}) {
    this.#leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.#claimTtlMs = options.claimTtlMs ?? 86_400_000;
    this.#createScheduler =
      options.createScheduler ??
      ((clock) => new HeapScheduler(clock, { onCallbackError: (error) => this.#log.error('A workflow tick failed', { error: toError(error) }) }));
    this.#events = new EventHub<WorkflowEvents>(() => this.#log);
    this.control = this.#createControl();
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
    const paused = def.schedule?.paused ?? false;
    this.#entries.set(def.name, { def, state: 'stopped', paused, handle: undefined, nextDueAt: undefined, anchor: undefined, inflight: new Map(), pending: [] });
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
      if (services.resolver.has(key)) throw conflict(key);
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
        runs.push(run.done);
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

  #missing(entry: Entry): ServiceKey<unknown>[] {
    return entry.def.uses.filter((key) => !this.#late.has(key) && !(this.#services?.resolver.has(key) ?? false));
  }

  /** Puts `entry` in its state and, when it ticks, arms its next slot. `fromStore`: apply the missed policy to the store's last slot. */
  async #activate(entry: Entry, fromStore: boolean): Promise<void> {
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

  #arm(entry: Entry, slot: number | undefined): void {
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

  #onTick(entry: Entry, slot: number): void {
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
  #offer(entry: Entry, slots: readonly number[], backlog: boolean): void {
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
          this.#skipped(entry, slot, 'claimed');
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
          this.#skipped(entry, slot, 'overlap');
        }
      }
    })().catch((error: unknown) => this.#log.error('A workflow tick failed', { workflow: entry.def.name, error: toError(error) }));
  }

  #drain(entry: Entry): void {
    while (this.#status === 'running' && entry.pending.length > 0 && entry.inflight.size < capacity(entry)) {
      this.#start(entry, entry.pending.shift()!);
    }
  }

  #start(entry: Entry, slot: number): void {
    this.#launch(entry, 'schedule', slot, undefined).catch((error: unknown) =>
      this.#log.error('A scheduled run could not start', { workflow: entry.def.name, scheduledAt: slot, error: toError(error) }),
    );
  }

  /** Runs one run of `entry`; it counts as in flight (synchronously) until it has been recorded and its lease released. */
  #launch(entry: Entry, trigger: RunTrigger, scheduledAt: number, input: unknown, signal?: AbortSignal): Promise<RunRecord | undefined> {
    const services = this.#requireServices();
    const id = randomUUID();
    const controller = new WorkflowAbort();
    const active: ActiveRun = { controller, done: Promise.resolve() };
    entry.inflight.set(id, active);
    const onAbort =
      signal === undefined
        ? undefined
        : (): void => controller.abort(new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${id} of workflow '${entry.def.name}' was cancelled by its caller.`));
    if (signal !== undefined) signal.addEventListener('abort', onAbort!, { once: true });
    const done = (async (): Promise<RunRecord | undefined> => {
      let lease: Lease | undefined;
      // Only a run that holds a lease has a heartbeat (and its AbortController).
      let heartbeat: AbortController | undefined;
      try {
        if (trigger === 'schedule' && entry.def.settings.overlap.kind !== 'allow') {
          lease = await this.#acquire(entry);
          if (lease === undefined) {
            this.#skipped(entry, scheduledAt, 'lease');
            return undefined;
          }
          heartbeat = new AbortController();
          this.#heartbeat(entry, lease, heartbeat.signal);
        }
        // The same for every run of this engine: built once.
        this.#runDeps ??= {
          clock: services.clock,
          log: this.#log,
          store: services.store,
          scopes: services.scopes,
          events: this.#events,
          late: this.#late,
          compensationSignal: this.#hardStop.signal,
        };
        const run = new WorkflowRun(entry.def, this.#runDeps, { id, trigger, scheduledAt, input, controller });
        return await run.execute();
      } finally {
        heartbeat?.abort(SETTLED);
        if (signal !== undefined) signal.removeEventListener('abort', onAbort!);
        if (lease !== undefined) {
          await services.coordinator.releaseLease(lease).catch((error: unknown) => this.#log.warn('Could not release a lease', { key: lease!.key, error: toError(error) }));
        }
        entry.inflight.delete(id);
        this.#drain(entry);
      }
    })();
    active.done = done.catch(() => undefined);
    return done;
  }

  async #acquire(entry: Entry): Promise<Lease | undefined> {
    try {
      return await this.#requireServices().coordinator.acquireLease(`workflow:${entry.def.name}`, this.#holder, this.#leaseTtlMs);
    } catch (error) {
      this.#log.error('Could not acquire the workflow lease; the tick does not run here', { workflow: entry.def.name, error: toError(error) });
      return undefined;
    }
  }

  #heartbeat(entry: Entry, lease: Lease, signal: AbortSignal): void {
    const { clock, coordinator } = this.#requireServices();
    void (async () => {
      while (await clock.sleep(this.#leaseTtlMs / 3, signal)) {
        try {
          if (!(await coordinator.renewLease(lease, this.#leaseTtlMs))) {
            this.#log.warn('The workflow lease was lost; another replica may run the workflow', { workflow: entry.def.name, key: lease.key });
            return;
          }
        } catch (error) {
          this.#log.warn('Could not renew the workflow lease', { workflow: entry.def.name, error: toError(error) });
        }
      }
    })();
  }

  #skipped(entry: Entry, scheduledAt: number, reason: TickSkipReason): void {
    const { clock, store } = this.#requireServices();
    const name = entry.def.name;
    this.#log.info('Tick skipped', { workflow: name, scheduledAt, reason });
    this.#events.emit('tick.skipped', { workflow: name, scheduledAt, reason });
    // A tick claimed by another replica is recorded by that replica.
    if (reason === 'claimed') return;
    const now = clock.now();
    const id = randomUUID();
    const record: RunRecord = {
      id,
      workflow: name,
      status: 'skipped',
      trigger: 'schedule',
      scheduledAt,
      idempotencyKey: idempotencyKey(name, 'schedule', scheduledAt, id),
      startedAt: now,
      finishedAt: now,
      attempt: 1,
      skipReason: reason,
      steps: [],
    };
    store.createRun(record).catch((error: unknown) => this.#log.warn('Could not record a skipped tick', { workflow: name, error: toError(error) }));
  }

  #entry(name: string): Entry {
    const entry = this.#entries.get(name);
    if (entry === undefined) {
      const known = [...this.#entries.keys()].map((key) => `'${key}'`).join(', ') || 'none';
      throw new BatonError(BatonErrorCode.WorkflowUnknown, `No workflow named ${describe(name)} is registered (registered: ${known}).`);
    }
    return entry;
  }

  #createControl(): Workflows {
    const trigger = async (workflow: string | Workflow<never, unknown>, input?: unknown, signal?: AbortSignal): Promise<RunRecord> => {
      const entry = this.#entry(typeof workflow === 'string' ? workflow : (workflow as { name: string }).name);
      if (this.#status !== 'running') {
        throw new BatonError(BatonErrorCode.WorkflowNotReady, `Workflow '${entry.def.name}' cannot be triggered: the workflow engine is ${this.#status === 'created' ? 'not started' : this.#status}.`);
      }
      const missing = this.#missing(entry);
      if (missing.length > 0) {
        throw new BatonError(
          BatonErrorCode.WorkflowNotReady,
          `Workflow '${entry.def.name}' is waiting for ${missing.map((key) => `'${describeKey(key)}'`).join(', ')}; bind it with Workflows.bindLate() first.`,
        );
      }
      signal?.throwIfAborted();
      return (await this.#launch(entry, 'manual', this.#requireServices().clock.now(), input, signal))!;
    };
    const control: Workflows = {
      trigger: trigger as Workflows['trigger'],
      pause: (name) => {
        const entry = this.#entry(name);
        entry.paused = true;
        entry.handle?.cancel();
        entry.handle = undefined;
        entry.nextDueAt = undefined;
        entry.pending.length = 0;
        if (entry.state === 'scheduled') entry.state = 'paused';
        this.#log.info('Workflow paused', { workflow: name });
      },
      resume: (name) => {
        const entry = this.#entry(name);
        if (!entry.paused) return;
        entry.paused = false;
        this.#log.info('Workflow resumed', { workflow: name });
        if (entry.state === 'paused') void this.#activate(entry, false);
      },
      cancel: (runId) => {
        for (const entry of this.#entries.values()) {
          const run = entry.inflight.get(runId);
          if (run === undefined) continue;
          run.controller.abort(new BatonError(BatonErrorCode.WorkflowRunCancelled, `Run ${runId} of workflow '${entry.def.name}' was cancelled by Workflows.cancel().`));
          return true;
        }
        return false;
      },
      list: async () => {
        const infos: WorkflowInfo[] = [];
        for (const entry of this.#entries.values()) {
          let lastRun: RunRecord | undefined;
          try {
            lastRun = await this.#services?.store.lastRun(entry.def.name);
          } catch (error) {
            this.#log.warn('Could not read the last run', { workflow: entry.def.name, error: toError(error) });
          }
          infos.push({
            name: entry.def.name,
            state: entry.state,
            schedule: entry.def.schedule?.description,
            nextDueAt: entry.nextDueAt,
            running: entry.inflight.size,
            missing: this.#missing(entry).map(describeKey),
            lastRun,
          });
        }
        return infos;
      },
      history: async (name, options) => {
        this.#entry(name);
        return this.#requireServices().store.listRuns(name, options);
      },
      on: (event, listener) => this.#events.on(event, listener),
      bindLate: <T>(key: ServiceKey<T>, implementation: LateImplementation<T>) => {
        if (typeof key !== 'symbol' && typeof key !== 'function') {
          throw new BatonError(BatonErrorCode.DiInvalidRegistration, `Workflows.bindLate() needs a token or a class; got ${describe(key)}.`);
        }
        const valid =
          typeof implementation === 'object' &&
          implementation !== null &&
          ('useValue' in implementation || ('useFactory' in implementation && typeof implementation.useFactory === 'function'));
        if (!valid) {
          throw new BatonError(BatonErrorCode.DiInvalidRegistration, `Workflows.bindLate('${describeKey(key)}') needs { useValue } or { useFactory: (services) => value }.`);
        }
        if (this.#late.has(key) || (this.#services?.resolver.has(key) ?? false)) throw conflict(key);
        this.#late.bind(key, implementation as LateImplementation<unknown>);
        this.#log.info('Late binding added', { token: describeKey(key) });
        for (const entry of this.#entries.values()) {
          if (entry.state === 'waiting' && this.#missing(entry).length === 0) {
            this.#log.info('Workflow bindings are complete; it starts', { workflow: entry.def.name });
            void this.#activate(entry, true);
          }
        }
      },
    };
    return Object.freeze(control);
  }
}

function capacity(entry: Entry): number {
  const overlap = entry.def.settings.overlap;
  return overlap.kind === 'allow' ? overlap.max : 1;
}

function conflict(key: ServiceKey<unknown>): BatonError {
  return new BatonError(
    BatonErrorCode.WorkflowBindingConflict,
    `'${describeKey(key)}' is already bound (in the service collection or by an earlier bindLate); bind each token once.`,
  );
}
