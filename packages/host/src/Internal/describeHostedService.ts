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
  /** The host's Clock, now. */
  readonly now: number;
}

/** One entry of `host.hostedServices()`: the state is derived from the host's state and the entry's own. */
export function describeHostedService(entry: HostedServiceEntry, facts: HostedServiceFacts): HostedServiceInfo {
  const lease = entry.lease?.lease;
  const lostAt = entry.lease?.lostAt;
  const singleton =
    entry.singleton === undefined
      ? undefined
      : {
          key: entry.singleton.key ?? `service:${entry.displayName}`,
          holdsLease: lease !== undefined,
          ...(lease !== undefined && { fence: lease.fence }),
          ...(lostAt !== undefined && { lostAt }),
        };
  // Past a whole ttl after the loss, another replica may hold the lease and write beside this execute.
  const unfenced = lostAt !== undefined && entry.singleton !== undefined && facts.now - lostAt >= entry.singleton.ttlMs;
  return { name: entry.displayName, state: stateOf(entry, facts, singleton?.holdsLease, unfenced), restarts: entry.restarts, singleton };
}

function stateOf(
  entry: HostedServiceEntry,
  { hostState, started, faulted }: HostedServiceFacts,
  holdsLease: boolean | undefined,
  unfenced: boolean,
): HostedServiceState {
  if (faulted || unfenced) return 'faulted';
  if (entry.restarting !== undefined) return 'degraded';
  if (hostState === 'stopped') return 'stopped';
  if (!started) return hostState === 'stopping' ? 'stopped' : 'starting';
  if (hostState === 'stopping') return 'stopping';
  if (entry.completed) return 'stopped';
  if (holdsLease === false) return 'waiting';
  return 'running';
}
