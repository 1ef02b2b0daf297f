import type { HealthCheck, HealthCheckFunction } from '@baton/core';

/** How a health check was registered. */
export type HealthCheckSource = 'function' | 'instance' | 'class';

/** One check registered with `addHealthCheck`: its settings, and the instance once there is one. */
export class HealthCheckEntry {
  /** The object whose `check` runs; for a class, set when the host resolves it at start. */
  instance: HealthCheck | undefined;

  constructor(
    readonly name: string,
    readonly source: HealthCheckSource,
    /** What was passed to addHealthCheck. */
    readonly registration: unknown,
    readonly timeoutMs: number,
    readonly tags: readonly string[],
  ) {
    if (source === 'instance') this.instance = registration as HealthCheck;
  }

  /** Runs the check once; throws when a class check has not been resolved (the host never got that far). */
  check(signal: AbortSignal): ReturnType<HealthCheckFunction> {
    if (this.source === 'function') return (this.registration as HealthCheckFunction)(signal);
    if (this.instance === undefined) throw new Error(`Health check '${this.name}' was not resolved: the host did not finish building its services.`);
    return this.instance.check(signal);
  }
}
