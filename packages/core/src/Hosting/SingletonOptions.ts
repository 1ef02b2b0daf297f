import type { Duration } from '../Time/Duration.js';

/**
 * How a singleton `BackgroundService` holds its lease: `addHostedService(Service, { singleton: { ... } })`.
 *
 * @remarks `singleton: true` takes every default.
 */
export interface SingletonOptions {
  /** The lease's key in the `Coordinator`: replicas that use the same key run the service one at a time. Defaults to `service:<name>`. */
  readonly key?: string;
  /**
   * How long the lease lasts unless renewed; the service renews it every third of this and polls for it at the same
   * interval while another replica holds it. A replica that dies is replaced within `leaseTtl` plus one interval.
   * @remarks Defaults to `'10s'`.
   */
  readonly leaseTtl?: Duration;
}
