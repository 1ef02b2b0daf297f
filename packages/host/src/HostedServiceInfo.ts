import type { HostedServiceState } from './HostedServiceState.js';

/** One hosted service as {@link Host.hostedServices} reports it: plain data, ready for `JSON.stringify`. */
export interface HostedServiceInfo {
  /** Its name in logs and stop reports (`HostedServiceOptions.name`, the class name, or `hosted-service-<n>`). */
  readonly name: string;
  readonly state: HostedServiceState;
  /** Restarts performed so far under `onError: 'restart'`. */
  readonly restarts: number;
  /**
   * For a singleton service (`addHostedService(S, { singleton })`): whether this replica holds its lease right now,
   * with the lease's key and fencing token while it does, and `lostAt` (epoch ms, host's Clock) while an `execute`
   * that lost the lease has not returned yet. `undefined` for a service that is not a singleton.
   */
  readonly singleton: { readonly key: string; readonly holdsLease: boolean; readonly fence?: number; readonly lostAt?: number } | undefined;
}
