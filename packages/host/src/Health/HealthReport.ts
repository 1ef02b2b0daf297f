import type { HealthStatus } from '@baton/core';

/** One check's outcome in a {@link HealthReport}. */
export interface HealthReportEntry {
  readonly status: HealthStatus;
  readonly description?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** How long the check took, on the host's Clock. */
  readonly durationMs: number;
  /** Why the check is `unhealthy` when it threw, rejected, returned an invalid result or timed out. */
  readonly error?: string;
  /** The tags the check was registered with; `[]` for the built-in `host` and `workflows` entries. */
  readonly tags: readonly string[];
}

/**
 * What `host.health()` resolves with: every check's outcome, and the worst of them as the overall status.
 *
 * @remarks Plain data, ready for `JSON.stringify`. Entries come in this order: `host`, then `workflows` (when the host
 * has workflows), then the registered checks in registration order.
 */
export interface HealthReport {
  /** The worst status among the entries. */
  readonly status: HealthStatus;
  /** When the report began (epoch ms, host's Clock). */
  readonly checkedAt: number;
  /** How long the whole report took, on the host's Clock. */
  readonly durationMs: number;
  /** The outcome of each check, by name. */
  readonly entries: Readonly<Record<string, HealthReportEntry>>;
}

/** Options for `host.health()`. */
export interface HealthReportOptions {
  /**
   * Runs only the registered checks carrying at least one of these tags (`[]` runs none of them). The built-in
   * `host` and `workflows` entries are always included.
   * @remarks Defaults to every registered check.
   */
  readonly tags?: readonly string[];
  /**
   * Aborts every check still running (an HTTP request that went away): each is reported `unhealthy` and the
   * report resolves at once.
   */
  readonly signal?: AbortSignal;
}
