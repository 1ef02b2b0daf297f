import type { HealthStatus } from './HealthStatus.js';

/** What a health check found. */
export interface HealthCheckResult {
  readonly status: HealthStatus;
  /** One readable sentence, e.g. `'3 messages waiting in the outbox.'`. */
  readonly description?: string;
  /** Details for the report, e.g. `{ pending: 3 }`. Keep it JSON-serialisable: probes send it over HTTP. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * A health check as an object: implement it in a class to get its dependencies from the container (register the
 * class with `host.addHealthCheck(name, Class)`), or pass an instance.
 *
 * @remarks A check that throws, rejects, returns something other than a {@link HealthCheckResult} or outlives its
 * timeout is reported `unhealthy` with the error; it never fails the report.
 */
export interface HealthCheck {
  /**
   * Looks at one dependency and says how it is.
   * @param signal - Aborts when the check's timeout passes on the host's Clock, or when the signal given to
   * `host.health()` aborts. Stop waiting once it does: the result is no longer read.
   */
  check(signal: AbortSignal): HealthCheckResult | Promise<HealthCheckResult>;
}

/** A health check as a plain function; see {@link HealthCheck.check}. */
export type HealthCheckFunction = (signal: AbortSignal) => HealthCheckResult | Promise<HealthCheckResult>;

/**
 * A class implementing {@link HealthCheck} that the container can construct (a static `inject` list, or
 * `@injectable` with `@inject`). The host registers it as a singleton (unless the app did) and resolves it at start.
 */
export type HealthCheckClass = new (...args: never[]) => HealthCheck;

/** What `host.addHealthCheck` accepts: a function, an object with a `check` method, or a class resolved at start. */
export type HealthCheckRegistration = HealthCheckFunction | HealthCheck | HealthCheckClass;
