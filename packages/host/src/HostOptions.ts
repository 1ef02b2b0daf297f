import type { Clock, Duration, ExceptionPolicy, InversifyContainer, Logger } from '@baton/core';
import type { LogLevel } from './LogLevel.js';
import type { OrchestrationOptions } from './OrchestrationOptions.js';

/**
 * Options for {@link createHost}. Every option is checked when the host is created; a wrong type or range, or an
 * unknown key, throws `BATON_ERR_HOST_INVALID_OPTIONS` naming the option.
 */
export interface HostOptions {
  /**
   * One budget for the whole stop: every `stopping` hook, `stop` and `stopped` hook shares it. When it runs out,
   * `stop()` returns a {@link StopResult} naming the services still running.
   * @remarks Defaults to `'30s'`. Milliseconds or a duration string (`'500ms'`, `'1m30s'`); `0` allows no grace.
   */
  readonly shutdownTimeout?: Duration;
  /**
   * How long the `starting` hooks, `start` calls and `started` hooks may take together. When it passes, the
   * services already started are stopped and `start()` throws `BATON_ERR_HOST_STARTUP_TIMEOUT`.
   * @remarks Defaults to no limit. Must be greater than zero.
   */
  readonly startupTimeout?: Duration;
  /**
   * What the host does when a hosted service faults (its `execution` rejects). A service's own
   * `HostedServiceOptions.onError` overrides it.
   * @remarks Defaults to `'stop-host'`. `run()` also applies it to `uncaughtException` and `unhandledRejection`,
   * where `'restart'` means `'stop-host'` (there is no service to restart).
   */
  readonly onError?: ExceptionPolicy;
  /**
   * Where the host and its services log: any `@baton/core` Logger, e.g. `fromPino(pinoLogger)` or
   * `fromWinston(winstonLogger)`. A pino or winston logger passed as it is is recognised by its shape and adapted
   * the same way; anything else without `error`, `warn`, `info`, `debug` and `child` functions throws
   * `BATON_ERR_HOST_INVALID_OPTIONS`.
   * @remarks Defaults to a winston logger on stdout: pretty and colourised in a TTY, one JSON object per line otherwise.
   * The host wraps the logger so that one that throws never changes what the host or a run does: the failure is
   * reported once on stderr, counted, and the `logger` health entry is `degraded` while it lasts.
   */
  readonly logger?: Logger;
  /**
   * The least severe level logged.
   * @remarks Defaults to the `BATON_LOG_LEVEL` environment variable, else `'info'`. With the default logger it sets
   * the winston level; with a logger you pass, only an explicit `logLevel` filters (the variable is ignored).
   */
  readonly logLevel?: LogLevel;
  /**
   * The source of time for the host: startup and shutdown budgets and restart backoff all read it, so a virtual
   * clock drives them in tests. Registered as the `Clock` service unless you registered one.
   * @remarks Defaults to `systemClock`.
   */
  readonly clock?: Clock;
  /**
   * The host's name, carried by its log entries as `host`.
   * @remarks Defaults to `'baton'`.
   */
  readonly name?: string;
  /**
   * Orchestration packages to load by name when the host starts, e.g. `{ load: ['inventory-sync'] }` loads
   * `@baton/orchestration-inventory-sync` and calls its `addInventorySyncOrchestration(host, options)`. The
   * `BATON_ORCHESTRATIONS` environment variable (`tenant-provisioning,inventory-sync`) replaces `load` when set.
   * @remarks Names are checked here (kebab-case, no paths: `BATON_ERR_ORCHESTRATION_INVALID_NAME`); the packages are
   * found and loaded by `start()`, before the service provider is built, all or none: an unknown name
   * (`BATON_ERR_ORCHESTRATION_UNKNOWN`, listing what is available) or a package that fails to load or register
   * (`BATON_ERR_ORCHESTRATION_LOAD_FAILED`) fails the start, and the host does not run half-loaded. See
   * {@link OrchestrationOptions} for where packages are looked up.
   */
  readonly orchestrations?: OrchestrationOptions;
  /**
   * An inversify `Container` the app already has. Keys that `host.services` does not register resolve from it, in
   * hosted services' constructors, in workflow steps and through `.uses()`; the host's start-time checks count them
   * as bound.
   * @remarks Registrations on `host.services` win over the container's bindings. Instances keep their inversify
   * scope and belong to the container: the host never disposes them. See `ServiceCollectionOptions.container` in
   * `@baton/core` for the rules.
   */
  readonly container?: InversifyContainer;
}
