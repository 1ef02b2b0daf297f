/**
 * Where one hosted service is, as {@link Host.hostedServices} reports it.
 * - `starting`: the host has not started it yet (the host is `created` or `starting`).
 * - `running`: started, and its `execute` (for a `BackgroundService`) is running.
 * - `waiting`: a singleton service on a replica that does not hold its lease: a standby, `execute` is not running.
 * - `degraded`: it faulted and is waiting out a restart backoff or restarting, under `onError: 'restart'`.
 * - `faulted`: it faulted and was given up on (under any policy), or threw from `stop` or a stop hook; or, for a
 *   singleton, it lost its lease a whole lease ttl ago and its `execute` still has not returned (a lease the host
 *   could not fence: it may be writing beside the replica that holds the lease now).
 * - `stopping`: the host is stopping and has not stopped it yet.
 * - `stopped`: the host has stopped, or its `execute` returned on its own.
 */
export type HostedServiceState = 'starting' | 'running' | 'waiting' | 'degraded' | 'faulted' | 'stopping' | 'stopped';
