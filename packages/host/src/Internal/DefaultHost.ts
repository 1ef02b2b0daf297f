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
  type HealthCheckOptions,
  type HealthCheckRegistration,
  type HostedServiceOptions,
  type HostedServiceRegistration,
  type ServiceProvider,
  type Workflow,
} from '@baton/core';
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
import type { HostDependencies } from './HostDependencies.js';
import type { StartPhase } from './callPhase.js';
import { callStartPhase } from './callStartPhase.js';
import { HostedServiceEntry } from './HostedServiceEntry.js';
import { describeHostedService } from './describeHostedService.js';
import { HostedServiceRegistry } from './HostedServiceRegistry.js';
import { HostEventEmitter } from './HostEventEmitter.js';
import { HostingLog } from './HostingLog.js';
import { HostServiceCollection } from './HostServiceCollection.js';
import { InstancePresence } from './InstancePresence.js';
import { LateLogger } from './LateLogger.js';
import { loadOrchestrations } from './loadOrchestrations.js';
import { LoggerFailures } from './LoggerFailures.js';
import { ProcessSignalLifetime, type ProcessFaultKind } from './ProcessSignalLifetime.js';
import type { ResolvedHostOptions } from './ResolvedHostOptions.js';
import { ServiceSupervisor } from './ServiceSupervisor.js';
import { resolveHostedServices } from './resolveHostedServices.js';
import { settleWithin } from './settleWithin.js';
import { startFailure } from './startFailure.js';
import { StartInterrupted } from './StartInterrupted.js';
import { startHostRepl } from './startHostRepl.js';
import { stopServices } from './stopServices.js';

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
    this.#checkRegistrationOpen('a hosted service', 'hosted service');
    this.#registry.add(service, options);
    return this;
  }

  addHealthCheck(name: string, check: HealthCheckRegistration, options?: HealthCheckOptions): this {
    this.#checkRegistrationOpen(`health check '${String(name)}'`, 'health check');
    this.#healthChecks.add(name, check, options);
    return this;
  }

  /** Registration is open until start, and while start loads the orchestration packages (which register like the app). */
  #checkRegistrationOpen(what: string, kind: string): void {
    if (this.#state === 'created' || this.#loadingOrchestrations) return;
    throw new BatonError(BatonErrorCode.HostRegistrationClosed, `Cannot add ${what}: the host is ${this.#state}. Register every ${kind} before host.start().`);
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
    return startHostRepl(this, options);
  }

  hostedServices(): HostedServiceInfo[] {
    const hostState = this.#state;
    const now = this.#options.clock.now();
    return this.#registry.entries.map((entry) =>
      describeHostedService(entry, { hostState, started: this.#started.includes(entry), faulted: this.#faulted.includes(entry.displayName), now }),
    );
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
   * Starts the services in registration order, in phases (`starting` hooks, `start`, `started` hooks) under one
   * signal that aborts on the caller's `signal`, `stop()`, a fault or the startup timeout. On any failure the services
   * already started are stopped as by `stop()`. The full order: docs/reference/lifecycle.md, "Start order".
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
    const error = startFailure({ failure, signal, deadline, startupTimeoutMs: this.#options.startupTimeoutMs, fault: this.#errors[0] });
    // A cancellation is not a failure of its own; a fault behind it is recorded already.
    if (!BatonError.is(error, BatonErrorCode.HostStartCancelled)) this.#recordFailure(this.#failedEntry, error);
    this.#log.startFailed(error);
    this.#startUnwound.resolve();
    await this.#stopOnce(undefined, 'start failed');
    throw error;
  }

  /**
   * Stops the started services in reverse registration order (`stopping` hooks, `stop`, `stopped` hooks), then
   * disposes the provider, all within one shutdown budget; errors are collected into the StopResult, never thrown.
   * Every caller gets the same promise. The full order: docs/reference/lifecycle.md, "Stop order".
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
    try {
      await callStartPhase(entry, phase, signal);
    } catch (error) {
      if (!(error instanceof StartInterrupted)) this.#failedEntry = entry.displayName;
      throw error;
    }
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
