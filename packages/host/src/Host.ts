import type { HostBuilder, ServiceProvider, Workflow } from '@baton/core';
import type { HealthCheckRegistration } from '@baton/core';
import type { HealthCheckOptions } from '@baton/core';
import type { HealthReport, HealthReportOptions } from './Health/HealthReport.js';
import type { REPLServer } from 'node:repl';
import type { HostEvents } from './HostEvents.js';
import type { HostedServiceInfo } from './HostedServiceInfo.js';
import type { HostReplOptions } from './HostReplOptions.js';
import type { HostState } from './HostState.js';
import type { StopResult } from './StopResult.js';

/**
 * A host: register hosted services and their dependencies, then `start()` and `stop()` it beside a server that owns
 * the process, or hand it the process with `run()`.
 *
 * @remarks Implements `HostBuilder` from `@baton/core`, so orchestration packages register against the contract.
 * The order of every start and stop step is written out in docs/reference/lifecycle.md.
 */
export interface Host extends HostBuilder {
  /** The host's name, from `HostOptions.name`. */
  readonly name: string;
  /** Where the host is in its life; see {@link HostState}. */
  readonly state: HostState;
  /**
   * Builds and validates the service provider, resolves the hosted services and starts them in registration order.
   *
   * @remarks On failure the services already started are stopped, in reverse, before the promise rejects. Throws
   * `BATON_ERR_HOST_ALREADY_STARTED` unless the host is `'created'`; a DI error (`BATON_ERR_DI_*`) naming the chain
   * when a binding is missing, cyclic, captive or scoped-from-root; `BATON_ERR_SERVICE_START_FAILED` when a service
   * cannot be created or throws from `start` or a hook; `BATON_ERR_HOST_STARTUP_TIMEOUT`; and
   * `BATON_ERR_HOST_START_CANCELLED` when `signal` aborts, `stop()` is called or a service faults meanwhile.
   * @param signal - Aborts the startup: the host stops what it started and the promise rejects.
   */
  start(signal?: AbortSignal): Promise<void>;
  /**
   * Stops the hosted services in reverse registration order within one shutdown budget, then disposes the provider.
   *
   * @remarks Idempotent and safe to call concurrently: every call returns the same promise, which never rejects with
   * a service's error; failures and services still running at the deadline are in the {@link StopResult}. Called
   * while the host is starting, it cancels the startup. Throws `BATON_ERR_HOST_NOT_STARTED` if `start()` was never
   * called.
   * @param signal - Ends the graceful window early, like the shutdown budget running out. Only the first call's
   * signal counts.
   */
  stop(signal?: AbortSignal): Promise<StopResult>;
  /**
   * Owns the process: starts the host, stops it gracefully on the first SIGINT or SIGTERM (a second one exits at once
   * with 130 or 143), applies the host's exception policy to `uncaughtException` and `unhandledRejection`, and calls
   * `process.exit` when the host has stopped.
   *
   * @remarks Exits 0 after a clean stop and 1 when a service faulted, a stop failed, the shutdown budget ran out or
   * the start failed. Use `start()`/`stop()` instead when a server already owns the process.
   * @returns The exit code passed to `process.exit`.
   * @example
   * ```ts
   * const host = createHost({ shutdownTimeout: '10s' });
   * host.addHostedService(HeartbeatService);
   * await host.run();
   * ```
   */
  run(): Promise<number>;
  /**
   * The root service provider, built by `start()`: resolve singletons from it, or `createScope()` per request.
   * @throws BATON_ERR_HOST_NOT_STARTED before `start()`.
   */
  readonly provider: ServiceProvider;
  /**
   * Registers a workflow (see `defineWorkflow` in `@baton/core`); shorthand for core's `addWorkflow(host, workflow)`.
   * Its runs and operations are reached through the `Workflows` service: `host.provider.get(Workflows)`.
   */
  addWorkflow<TInput, TOutput>(workflow: Workflow<TInput, TOutput>): this;
  /**
   * Registers a health check, run by {@link Host.health} under `name`.
   *
   * @remarks `check` is a function `(signal) => HealthCheckResult` (sync or async), an object with a `check`
   * method, or a class implementing `HealthCheck`, which the host registers as a singleton (unless you did) and
   * resolves from the container at start, so its constructor gets its dependencies. Throws
   * `BATON_ERR_HOST_INVALID_HEALTH_CHECK` for an empty name or a check of another kind,
   * `BATON_ERR_HOST_DUPLICATE_HEALTH_CHECK` when `name` is taken (`host` and `workflows` are built in),
   * `BATON_ERR_HOST_INVALID_OPTIONS` for a bad option, and `BATON_ERR_HOST_REGISTRATION_CLOSED` once the host has
   * started.
   * @param name - The check's key in {@link HealthReport.entries}, e.g. `'database'`.
   * @param options - Its timeout (default `'5s'`) and tags; see {@link HealthCheckOptions}.
   */
  addHealthCheck(name: string, check: HealthCheckRegistration, options?: HealthCheckOptions): this;
  /**
   * Runs the health checks at once, each within its timeout on the host's Clock, and resolves with a
   * {@link HealthReport} whose status is the worst of its entries.
   *
   * @remarks Always has a `host` entry: healthy while `running`, degraded while running with a hosted service that
   * faulted under `onError: 'ignore'` or is restarting, unhealthy in any other state. With workflows registered it
   * also has a `workflows` entry, degraded while a workflow declared `requires: 'lazy'` is `waiting` (its `data`
   * names each one and its missing tokens). The registered checks run only while the host is `running`; in another
   * state each is reported unhealthy without being called. A check that throws, rejects, returns an invalid result
   * or times out is reported unhealthy with its error: the promise never rejects because of a check, only for
   * invalid options (`BATON_ERR_HOST_INVALID_OPTIONS`). Can be called in any state.
   * @param options - `tags` selects the registered checks to run; `signal` abandons the checks still running.
   * @example
   * ```ts
   * const report = await host.health();
   * response.writeHead(report.status === 'unhealthy' ? 503 : 200).end(JSON.stringify(report));
   * ```
   */
  health(options?: HealthReportOptions): Promise<HealthReport>;
  /**
   * Opens a REPL (`node:repl`) on the host, for development: list the hosted services and the workflows with their
   * state, trigger a workflow and read its run, inspect runs and their steps, pause and resume, with Tab completing
   * workflow names. Type `.help` for the commands; `host` and `workflows` are in its context too.
   *
   * @remarks Commands: `.services`, `.workflows`, `.trigger <name> [JSON input]`, `.runs <name> [limit]`,
   * `.run <id>`, `.pause <name>`, `.resume <name>`, `.cancel <id>`. It reads only the host's own state and the
   * public `Workflows` control (`host.provider.get(Workflows)`), so workflow commands need a started host. A command
   * that fails prints its error and the REPL goes on. Closing the REPL does not stop the host.
   * @param options - The streams (default stdin and stdout) and the prompt.
   * @returns The REPL server; `close()` it to end the session.
   * @example
   * ```ts
   * await host.start();
   * if (process.env.NODE_ENV === 'development') host.repl();
   * // shop> .trigger inventory-sync
   * ```
   */
  repl(options?: HostReplOptions): REPLServer;
  /**
   * Each hosted service, in registration order, with its state, its restarts and, for a singleton service, whether
   * this replica holds its lease: what health probes, metrics and the admin API read. Can be called in any state.
   *
   * @remarks Named apart from {@link HostBuilder.services} (the DI registrations). A snapshot: call it again for
   * the current state. See {@link HostedServiceState} for what each state means.
   * @example
   * ```ts
   * for (const service of host.hostedServices()) console.log(service.name, service.state, service.restarts);
   * // Heartbeat running 0
   * ```
   */
  hostedServices(): HostedServiceInfo[];
  /** Adds a listener for a lifetime event. */
  on<E extends keyof HostEvents>(event: E, listener: HostEvents[E]): this;
  /** Removes a listener added with {@link Host.on}. */
  off<E extends keyof HostEvents>(event: E, listener: HostEvents[E]): this;
}
