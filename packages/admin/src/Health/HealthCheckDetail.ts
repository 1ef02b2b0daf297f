import type { HostedServiceState } from '@baton/host';

/** One check in a {@link HealthBody}, as the IETF format describes a component's measurement. */
export interface HealthCheckDetail {
  /** `component` for a hosted service, `workflow` for a workflow, `datastore` for a check whose name starts with `postgres:`, else `system`. */
  readonly componentType: 'component' | 'workflow' | 'datastore' | 'system';
  readonly status: 'pass' | 'warn' | 'fail';
  /** For a service or a workflow, its state (see {@link HostedServiceState}); for a host check, its `data` when it has any. */
  readonly observedValue?: HostedServiceState | Readonly<Record<string, unknown>>;
  /** Why it does not pass (or a host check's description). */
  readonly output?: string;
  /** When it was checked (ISO 8601, host's Clock); for a workflow, its last success when it had one. */
  readonly time: string;
}
