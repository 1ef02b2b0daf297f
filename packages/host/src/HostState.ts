/**
 * Where a host is in its life. It moves forward only:
 * `'created'` → `'starting'` → `'running'` → `'stopping'` → `'stopped'`.
 *
 * @remarks A start that fails goes from `'starting'` to `'stopping'` (the services already started are stopped)
 * and ends in `'stopped'`. A stopped host cannot start again; create a new one.
 */
export type HostState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';
