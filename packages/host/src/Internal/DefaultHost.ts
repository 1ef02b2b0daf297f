// The host's state machine: `created` → `starting` → `running` → `stopping` → `stopped`. Registration, fault
// policy, process signals and logging live in their own files; this one orders the steps.
import {
  addWorkflow,
  BatonError,
  BatonErrorCode,
  Clock,
  Logger,
  toError,
  Workflows,
  type HostedServiceOptions,
  type HostedServiceRegistration,
  type ServiceProvider,
  type Workflow,
} from '@baton/core';
import type { HealthCheckRegistration } from '@baton/core';
import type { HealthCheckOptions } from '@baton/core';
import type { HealthReport, HealthReportOptions } from '../Health/HealthReport.js';
import type { Host } from '../Host.js';
import type { HostEvents } from '../HostEvents.js';
import type { HostedServiceInfo } from '../HostedServiceInfo.js';
import type { HostReplOptions } from '../HostReplOptions.js';
import { randomUUID } from 'node:crypto';
import type { REPLServer } from 'node:repl';
import type { HostState } from '../HostState.js';
import type { StopResult } from '../StopResult.js';
import { anySignal } from './anySignal.js';
import { ClockDeadline } from './ClockDeadline.js';
import { ContainedLogger } from './ContainedLogger.js';
import { Deferred } from './Deferred.js';
import { HealthCheckRegistry } from './HealthCheckRegistry.js';
import { HealthReporter } from './HealthReporter.js';
import { callPhase, type StartPhase } from './callPhase.js';
import { HostedServiceEntry } from './HostedServiceEntry.js';
import { describeHostedService } from './describeHostedService.js';
import { HostedServiceRegistry } from './HostedServiceRegistry.js';
import { HostEventEmitter } from './HostEventEmitter.js';
import { HostingLog } from './HostingLog.js';
import { HostServiceCollection } from './HostServiceCollection.js';
import { InstancePresence } from './InstancePresence.js';
import { isCancellation } from './isCancellation.js';
import { LateLogger } from './LateLogger.js';
import { loadOrchestrations } from './loadOrchestrations.js';
import { LoggerFailures } from './LoggerFailures.js';
import { ProcessSignalLifetime, type ProcessFaultKind, type ProcessLike } from './ProcessSignalLifetime.js';
import type { ResolvedHostOptions } from './ResolvedHostOptions.js';
import { ServiceSupervisor } from './ServiceSupervisor.js';
import { resolveHostedServices } from './resolveHostedServices.js';
import { serviceStartFailed } from './serviceStartFailed.js';
import { settleWithin } from './settleWithin.js';
import { startHostRepl } from './startHostRepl.js';
import type { ReplServiceState } from './ReplHost.js';
import { stopServices } from './stopServices.js';

/** What the host takes from its surroundings; tests pass fakes. */
export interface HostDependencies {
  readonly process: ProcessLike;
  /** A number in [0, 1), for restart jitter. */
  readonly random: () => number;
  /** Writes to stderr: where a failing logger is reported, once. */
  readonly writeStderr: (text: string) => void;
}

/** A start phase was abandoned because the startup signal aborted (timeout, caller's signal, stop or fault). */
class StartInterrupted {
  constructor(
    readonly entry: HostedServiceEntry,
    readonly phase: StartPhase,
  ) {}
}

/** The {@link Host} returned by `createHost`. */
export class DefaultHost implements Host {
  readonly services: HostServiceCollection;
  readonly name: string;
  readonly #options: ResolvedHostOptions;
  readonly #dependencies: HostDependencies;
  readonly #log: HostingLog;
  readonly #events: HostEventEmitter;
  readonly #registry = new HostedServiceRegistry();
  readonly #healthChecks = new HealthCheckRegistry();
  readonly #health: HealthReporter;
  readonly #supervisor: ServiceSupervisor;
  readonly #stopRequested = new AbortController();
  /** Services to stop: each whose `start` returned, plus one whose `start` was abandoned half-way. */
  readonly #started: HostedServiceEntry[] = [];
  readonly #faulted: string[] = [];
  readonly #errors: Error[] = [];
  readonly #startUnwound = new Deferred<void>();
  readonly #stopped = new Deferred<StopResult>();
  #state: HostState = 'created';
  #provider: ServiceProvider | undefined;
  #stopping: Promise<StopResult> | undefined;
  /** The service whose creation, start or start hook failed, for the stop report. */
  #failedEntry: string | undefined;
  /** Who this host is to the Coordinator when it holds a singleton service's lease: one id per host (replica). */
  readonly #holder: string;
  /** While `start()` loads orchestration packages, which register like the app did before start. */
  #loadingOrchestrations = false;
  /** This host in the InstanceRegistry, from its start to its stop. */
  #presence: InstancePresence | undefined;

  constructor(options: ResolvedHostOptions, dependencies: HostDependencies) {
    this.name = options.name;
    this.services = new HostServiceCollection(options.container === undefined ? undefined : { container: options.container });
    this.#options = options;
    this.#dependencies = dependencies;
    this.#holder = `${options.name}:${randomUUID()}`;
    // Before anything else sees the app's logger: from here on a logger that throws changes nothing the host does.
    const failures = new LoggerFailures({
      writeStderr: (text) => dependencies.writeStderr(text),
      firstFailure: () => this.#healthChecks.add('logger', () => failures.check(), undefined),
    });
    this.#log = new HostingLog(new ContainedLogger(options.logger, failures), options.name);
    this.#events = new HostEventEmitter(this.#log.logger);
    this.#supervisor = new ServiceSupervisor({
      clock: options.clock,
      policy: options.policy,
      stopRequested: this.#stopRequested.signal,
      random: () => dependencies.random(),
      recordFault: (entry, error) => this.#recordFailure(entry.displayName, error),
      requestStop: (reason) => void this.#stopOnce(undefined, reason),
    });
    this.#health = new HealthReporter({
      clock: options.clock,
      checks: this.#healthChecks,
      state: () => this.#state,
      faulted: () => this.#faulted,
      restarting: () => this.#registry.entries.filter((entry) => entry.restarting !== undefined).map((entry) => entry.displayName),
      singletons: () =>
        this.#registry.entries.filter((entry) => entry.lease !== undefined).map((entry) => ({ name: entry.displayName, lease: entry.lease!.lease })),
      hasWorkflows: () => this.services.has(Workflows),
      workflows: () => this.provider.get(Workflows),
    });
  }

  get state(): HostState {
    return this.#state;
  }

  addHostedService(service: HostedServiceRegistration, options?: HostedServiceOptions): this {
    if (!this.#registrationOpen) {
      throw new BatonError(
        BatonErrorCode.HostRegistrationClosed,
        `Cannot add a hosted service: the host is ${this.#state}. Register every hosted service before host.start().`,
      );
    }
    this.#registry.add(service, options);
    return this;
  }

  addHealthCheck(name: string, check: HealthCheckRegistration, options?: HealthCheckOptions): this {
    if (!this.#registrationOpen) {
      throw new BatonError(
        BatonErrorCode.HostRegistrationClosed,
        `Cannot add health check '${String(name)}': the host is ${this.#state}. Register every health check before host.start().`,
      );
    }
    this.#healthChecks.add(name, check, options);
    return this;
  }

  get #registrationOpen(): boolean {
    return this.#state === 'created' || this.#loadingOrchestrations;
  }

  health(options?: HealthReportOptions): Promise<HealthReport> {
    return this.#health.report(options);
  }

  addWorkflow<TInput, TOutput>(workflow: Workflow<TInput, TOutput>): this {
    addWorkflow(this, workflow);
    return this;
  }

  get provider(): ServiceProvider {
    if (this.#provider === undefined) {
      throw new BatonError(BatonErrorCode.HostNotStarted, 'The service provider is built when the host starts: call host.start() first.');
    }
    return this.#provider;
  }

  repl(options?: HostReplOptions): REPLServer {
    const host = this;
    return startHostRepl(
      {
        name: this.name,
        get state() {
          return host.#state;
        },
        services: () => this.#registry.entries.map((entry) => ({ name: entry.displayName, state: this.#serviceState(entry) })),
        workflows: () => {
          try {
            return this.#provider?.tryGet(Workflows);
          } catch {
            return undefined; // Disposed with the stopped host.
          }
        },
      },
      options,
    );
  }

  hostedServices(): HostedServiceInfo[] {
    const hostState = this.#state;
    const now = this.#options.clock.now();
    return this.#registry.entries.map((entry) =>
      describeHostedService(entry, { hostState, started: this.#started.includes(entry), faulted: this.#faulted.includes(entry.displayName), now }),
    );
  }

  #serviceState(entry: HostedServiceEntry): ReplServiceState {
    if (this.#faulted.includes(entry.displayName)) return 'faulted';
    if (entry.restarting !== undefined) return 'restarting';
    if (this.#state === 'stopped') return 'stopped';
    if (!this.#started.includes(entry)) return 'registered';
    return this.#state === 'stopping' ? 'stopping' : 'running';
  }

  on<E extends keyof HostEvents>(event: E, listener: HostEvents[E]): this {
    this.#events.on(event, listener);
    return this;
  }

  off<E extends keyof HostEvents>(event: E, listener: HostEvents[E]): this {
    this.#events.off(event, listener);
    return this;
  }

  /**
   * Start order:
   * 0. Load the orchestration packages named by `orchestrations` / `BATON_ORCHESTRATIONS`: find every one, import
   *    every one, then call each `add<Name>Orchestration(host, options)` in order (they register like the app).
   * 1. Register `Clock` and `Logger` (unless the app did), each hosted class as a singleton under its own key (unless
   *    the app did), each factory and instance under a private key; close `services`; build the provider.
   * 2. Validate every registration, then the hosted services as roots resolved from the root provider: a missing
   *    binding, cycle, captive or scoped-from-root dependency throws its `BATON_ERR_DI_*` error naming the chain.
   * 3. Resolve the hosted services, in registration order; then the health checks given as classes (registered in
   *    step 1 like hosted classes).
   * 4. Each service's `starting` hook, in registration order; then register this host in the InstanceRegistry (an
   *    in-memory one unless the app bound its own), and heartbeat it until it stops.
   * 5. Each service's `start`, in registration order; after each, its `execution` (if any) is watched for faults.
   * 6. Each service's `started` hook, in registration order.
   * 7. State `running`; log `host:started`; emit `started`.
   * One signal is passed to every call of steps 4–6: it aborts on the caller's `signal`, on `stop()`, on a fault
   * that stops the host, and when `startupTimeout` passes on the Clock. A call still pending then is abandoned.
   * On any failure: the services in `#started` are stopped as by `stop()` (abandoned `start` included), and start
   * rejects with the `BATON_ERR_ORCHESTRATION_*` error, the DI error, `BATON_ERR_SERVICE_START_FAILED`,
   * `BATON_ERR_HOST_STARTUP_TIMEOUT` or `BATON_ERR_HOST_START_CANCELLED`.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.#state !== 'created') {
      throw new BatonError(
        BatonErrorCode.HostAlreadyStarted,
        `Cannot start the host: it is ${this.#state}. A host starts once; create a new one to start again.`,
      );
    }
    this.#state = 'starting';
    const clock = this.#options.clock;
    const began = clock.now();
    const entries = this.#registry.entries;
    this.#log.starting(entries.length);
    const timeoutMs = this.#options.startupTimeoutMs;
    const deadline = timeoutMs === undefined ? undefined : new ClockDeadline(clock, began + timeoutMs, `Startup timeout of ${timeoutMs} ms passed.`);
    const startSignal = anySignal([signal, this.#stopRequested.signal, deadline?.signal]);
    let failure: unknown;
    try {
      await this.#loadOrchestrations();
      this.#buildProvider();
      await this.#startPhases(entries, startSignal);
    } catch (error) {
      failure = error;
    }
    deadline?.dispose();
    // Once every phase has returned, only a stop request (not a late deadline or signal) prevents running.
    if (failure === undefined && !this.#stopRequested.signal.aborted) {
      this.#startUnwound.resolve();
      this.#state = 'running';
      this.#log.started(entries.length, clock.now() - began);
      this.#events.emit('started');
      return;
    }
    const error = this.#startError(failure, signal, deadline);
    // A cancellation is not a failure of its own; a fault behind it is recorded already.
    if (!BatonError.is(error, BatonErrorCode.HostStartCancelled)) this.#recordFailure(this.#failedEntry, error);
    this.#log.startFailed(error);
    this.#startUnwound.resolve();
    await this.#stopOnce(undefined, 'start failed');
    throw error;
  }

  /**
   * Stop order:
   * 1. Abort the stop-requested signal (cancels a pending start, restart backoffs and restarts); state `stopping`;
   *    log `host:stopping`; emit `stopping`. Wait for a pending `start()` to unwind.
   * 2. One shutdown budget starts on the Clock: `shutdownTimeout`, or sooner if the caller's `signal` aborts.
   * 3. Each started service's `stopping` hook, in reverse registration order.
   * 4. Each started service's `stop`, in reverse (LIFO: later services may depend on earlier ones), after its
   *    pending restart settles; then its `execution` is awaited.
   * 5. Mark this host stopped in the InstanceRegistry; then each started service's `stopped` hook, in reverse
   *    registration order.
   * 6. Dispose the service provider (singletons, in reverse order of creation).
   * 7. State `stopped`; log `host:stopped` (at error level, naming the services, unless ok); emit `stopped`.
   * Every call in steps 3–6 gets the budget's signal and is awaited only while the budget lasts; a service still
   * pending when it runs out is reported in `stillRunning` and the remaining calls are made without waiting. Errors
   * are collected (never thrown) into the StopResult. Every caller gets the same promise.
   */
  stop(signal?: AbortSignal): Promise<StopResult> {
    if (this.#state === 'created') {
      return Promise.reject(new BatonError(BatonErrorCode.HostNotStarted, 'Cannot stop the host: it was never started. Call start() first, or skip the stop.'));
    }
    return this.#stopOnce(signal, 'stop() called');
  }

  async run(): Promise<number> {
    if (this.#state !== 'created') {
      throw new BatonError(BatonErrorCode.HostAlreadyStarted, `Cannot run the host: it is ${this.#state}. run() starts the host itself.`);
    }
    const processLike = this.#dependencies.process;
    const lifetime = new ProcessSignalLifetime(processLike, {
      shutdown: (received) => {
        this.#log.signal(received, false);
        void this.#stopOnce(undefined, `${received} received`);
      },
      forced: (received) => this.#log.signal(received, true),
      fault: (kind, reason) => this.#onProcessFault(kind, reason),
    });
    lifetime.attach();
    let exitCode = 1;
    try {
      await this.start();
      const result = await this.#stopped.promise;
      exitCode = result.ok ? 0 : 1;
    } catch {
      // Start failed: logged and stopped already.
    } finally {
      lifetime.detach();
    }
    processLike.exit(exitCode);
    return exitCode;
  }

  async #loadOrchestrations(): Promise<void> {
    this.#loadingOrchestrations = true;
    try {
      await loadOrchestrations(this, this.#options.orchestrations, this.#log);
    } finally {
      this.#loadingOrchestrations = false;
    }
  }

  #buildProvider(): void {
    const { services } = this;
    if (!services.has(Clock)) services.addSingleton(Clock, { useValue: this.#options.clock });
    const hostLogger = !services.has(Logger);
    if (hostLogger) services.addSingleton(Logger, { useValue: this.#log.logger });
    InstancePresence.addDefault(services, this.#options.clock);
    this.#registry.registerInto(services, (entry) => (hostLogger ? this.#serviceLogger(entry) : undefined));
    this.#healthChecks.registerInto(services);
    services.close();
    const provider = services.buildServiceProvider();
    this.#provider = provider;
    resolveHostedServices(provider, this.#registry, this.#log, this.#holder, (name) => (this.#failedEntry = name));
    this.#healthChecks.resolve(provider);
  }

  /** The `Logger` injected into a hosted service: the host's, with `service: <its name>`. */
  #serviceLogger(entry: HostedServiceEntry): Logger {
    if (entry.name !== undefined) return this.#log.service(entry.name).logger;
    // An unnamed factory is named after the instance it returns.
    return new LateLogger(() => (entry.log ?? this.#log.service(entry.displayName)).logger);
  }

  async #startPhases(entries: readonly HostedServiceEntry[], signal: AbortSignal): Promise<void> {
    for (const entry of entries) await this.#startCall(entry, 'starting', signal);
    this.#presence = await InstancePresence.start(
      this.provider,
      this.#log.logger,
      entries.map((entry) => entry.displayName),
    );
    for (const entry of entries) {
      entry.log!.phase('starting');
      try {
        await this.#startCall(entry, 'start', signal);
      } catch (error) {
        // Abandoned half-way: it may hold resources, so it is stopped with the others.
        if (error instanceof StartInterrupted) this.#started.push(entry);
        throw error;
      }
      this.#started.push(entry);
      entry.log!.phase('started');
      this.#supervisor.observe(entry);
    }
    for (const entry of entries) await this.#startCall(entry, 'started', signal);
  }

  async #startCall(entry: HostedServiceEntry, phase: StartPhase, signal: AbortSignal): Promise<void> {
    const instance = entry.instance!;
    if (phase !== 'start' && instance[phase] === undefined) return;
    if (signal.aborted) throw new StartInterrupted(entry, phase);
    const settlement = await settleWithin(callPhase(instance, phase, signal), signal);
    if (settlement.status === 'fulfilled') return;
    if (settlement.status === 'abandoned' || (signal.aborted && isCancellation(settlement.reason))) throw new StartInterrupted(entry, phase);
    this.#failedEntry = entry.displayName;
    throw serviceStartFailed(entry.displayName, phase === 'start' ? 'failed to start' : `threw from its ${phase} hook`, settlement.reason);
  }

  #startError(failure: unknown, signal: AbortSignal | undefined, deadline: ClockDeadline | undefined): Error {
    if (!(failure instanceof StartInterrupted) && failure !== undefined) return toError(failure);
    const interrupted = failure instanceof StartInterrupted;
    const pending = interrupted ? ` ('${failure.entry.displayName}' was in ${failure.phase})` : '';
    if (interrupted && deadline?.passed) {
      return new BatonError(
        BatonErrorCode.HostStartupTimeout,
        `The hosted services did not start within the startup timeout of ${this.#options.startupTimeoutMs} ms${pending}. ` +
          'Make start() return sooner (long work belongs in execute), or raise startupTimeout.',
      );
    }
    if (interrupted && signal?.aborted) {
      return new BatonError(BatonErrorCode.HostStartCancelled, `start() was cancelled by its signal${pending}.`, { cause: signal.reason });
    }
    const fault = this.#errors[0];
    if (fault !== undefined) {
      return new BatonError(BatonErrorCode.HostStartCancelled, `The host stopped while starting because ${fault.message}${pending}.`, { cause: fault });
    }
    return new BatonError(BatonErrorCode.HostStartCancelled, `stop() was called while the host was starting${pending}.`);
  }

  #stopOnce(signal: AbortSignal | undefined, reason: string): Promise<StopResult> {
    this.#stopping ??= this.#stopCore(signal, reason);
    return this.#stopping;
  }

  async #stopCore(signal: AbortSignal | undefined, reason: string): Promise<StopResult> {
    this.#stopRequested.abort();
    this.#state = 'stopping';
    this.#log.stopping(reason);
    this.#events.emit('stopping');
    await this.#startUnwound.promise;
    const clock = this.#options.clock;
    const began = clock.now();
    const deadline = new ClockDeadline(clock, began + this.#options.shutdownTimeoutMs, `Shutdown budget of ${this.#options.shutdownTimeoutMs} ms ran out.`);
    const budget = anySignal([signal, deadline.signal]);
    let stillRunning: string[] = [];
    let abandoned = false;
    try {
      ({ stillRunning, abandoned } = await stopServices([...this.#started].reverse(), budget, {
        executionSettled: (entry) => this.#supervisor.executionSettled(entry),
        recordFailure: (name, error) => this.#recordFailure(name, error),
        beforeStoppedHooks: async () => this.#presence?.stop(),
      }));
      if (this.#provider !== undefined) {
        const disposal = await settleWithin(this.#provider.dispose(), budget);
        if (disposal.status === 'rejected') this.#recordFailure(undefined, toError(disposal.reason));
        abandoned ||= disposal.status === 'abandoned';
      }
    } catch (error) {
      // Not expected: every call above is guarded. Report it rather than reject the stop.
      this.#recordFailure(undefined, toError(error));
    } finally {
      deadline.dispose();
    }
    const result: StopResult = {
      ok: !abandoned && this.#faulted.length === 0 && this.#errors.length === 0,
      timedOut: abandoned,
      stillRunning,
      faulted: [...this.#faulted],
      errors: [...this.#errors],
    };
    this.#state = 'stopped';
    this.#log.stopped(result, this.#options.shutdownTimeoutMs, clock.now() - began);
    this.#events.emit('stopped', result);
    this.#stopped.resolve(result);
    return result;
  }

  #onProcessFault(kind: ProcessFaultKind, reason: unknown): void {
    const error = toError(reason);
    if (this.#options.policy.kind === 'ignore') {
      this.#log.processFault(kind, error, 'ignored by the host policy');
      return;
    }
    this.#log.processFault(kind, error, 'stopping the host');
    this.#recordFailure(undefined, error);
    void this.#stopOnce(undefined, kind);
  }

  #recordFailure(serviceName: string | undefined, error: Error): void {
    if (serviceName !== undefined && !this.#faulted.includes(serviceName)) this.#faulted.push(serviceName);
    this.#errors.push(error);
  }
}
