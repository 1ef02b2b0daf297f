import type { ServiceCollection } from '../DependencyInjection/ServiceCollection.js';
import type { ServiceResolver } from '../DependencyInjection/ServiceResolver.js';
import type { ExceptionPolicy } from './ExceptionPolicy.js';
import type { HealthCheckRegistration } from './Health/HealthCheck.js';
import type { HealthCheckOptions } from './Health/HealthCheckOptions.js';
import type { HostedService } from './HostedService.js';
import type { SingletonOptions } from './SingletonOptions.js';

/** A class the container can construct (decorated with `@injectable`, or with a static `inject` list). */
export type HostedServiceClass = new (...args: never[]) => HostedService;

/** What `addHostedService` accepts: a class, a factory that receives a resolver, or an instance. */
export type HostedServiceRegistration = HostedServiceClass | ((services: ServiceResolver) => HostedService) | HostedService;

/** Options for one hosted service. */
export interface HostedServiceOptions {
  /** Name used in logs and stop reports. Defaults to the class name. */
  readonly name?: string;
  /** Overrides the host's exception policy for this service. */
  readonly onError?: ExceptionPolicy;
  /**
   * Runs this `BackgroundService` on one replica at a time, under a lease in the app's `Coordinator` (an
   * `InMemoryCoordinator` on the host's Clock when the app registered none). `true` takes the defaults: key
   * `service:<name>`, ttl 10 s. The service reads its fencing token from `this.lease`.
   * @remarks Only for a `BackgroundService`: anything else is refused with `BATON_ERR_HOST_INVALID_OPTIONS`.
   */
  readonly singleton?: boolean | SingletonOptions;
}

/**
 * The registration surface that orchestration packages and service authors write against, so they depend on
 * `@baton/core` alone. `@baton/host`'s host implements it; so does `@baton/testing`'s test host.
 */
export interface HostBuilder {
  /** The services to register before the host starts. */
  readonly services: ServiceCollection;
  /**
   * Registers a hosted service. Services start in registration order and stop in reverse.
   * @throws BATON_ERR_HOST_INVALID_HOSTED_SERVICE if it is not a hosted service, BATON_ERR_HOST_DUPLICATE_HOSTED_SERVICE
   * if it is registered twice, BATON_ERR_HOST_REGISTRATION_CLOSED once the host has started.
   */
  addHostedService(service: HostedServiceRegistration, options?: HostedServiceOptions): this;
  /**
   * Registers a health check under `name`: a function, an object with `check(signal)`, or a class the container
   * builds. Packages (a store, an orchestration) register theirs here; the host runs them in `host.health()`.
   * @throws BATON_ERR_HOST_INVALID_HEALTH_CHECK for a bad name, check or option; BATON_ERR_HOST_DUPLICATE_HEALTH_CHECK
   * if `name` is taken; BATON_ERR_HOST_REGISTRATION_CLOSED once the host has started.
   */
  addHealthCheck(name: string, check: HealthCheckRegistration, options?: HealthCheckOptions): this;
}
