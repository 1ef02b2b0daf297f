import type { HostedServiceInfo } from '../HostedServiceInfo.js';
import type { HostedServiceState } from '../HostedServiceState.js';
import type { HostState } from '../HostState.js';
import type { HostedServiceEntry } from './HostedServiceEntry.js';

/** What the host knows about one of its services, read at the moment of the call. */
export interface HostedServiceFacts {
  readonly hostState: HostState;
  /** Its `start` returned (or was abandoned half-way): the host will stop it. */
  readonly started: boolean;
  /** It faulted and was given up on, or failed to stop. */
  readonly faulted: boolean;
}

/** One entry of `host.hostedServices()`: the state is derived from the host's state and the entry's own. */
export function describeHostedService(entry: HostedServiceEntry, facts: HostedServiceFacts): HostedServiceInfo {
  const lease = entry.lease?.lease;
  const singleton =
    entry.singleton === undefined
      ? undefined
      : {
          key: entry.singleton.key ?? `service:${entry.displayName}`,
          holdsLease: lease !== undefined,
          ...(lease !== undefined && { fence: lease.fence }),
        };
  return { name: entry.displayName, state: stateOf(entry, facts, singleton?.holdsLease), restarts: entry.restarts, singleton };
}

function stateOf(entry: HostedServiceEntry, { hostState, started, faulted }: HostedServiceFacts, holdsLease: boolean | undefined): HostedServiceState {
  if (faulted) return 'faulted';
  if (entry.restarting !== undefined) return 'degraded';
  if (hostState === 'stopped') return 'stopped';
  if (!started) return hostState === 'stopping' ? 'stopped' : 'starting';
  if (hostState === 'stopping') return 'stopping';
  if (entry.completed) return 'stopped';
  if (holdsLease === false) return 'waiting';
  return 'running';
}
