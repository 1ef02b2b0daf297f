/** One check in a {@link TerminusBody}: terminus' `HealthIndicatorResult` value. */
export interface TerminusIndicator {
  readonly status: 'up' | 'down';
  /** For a service or a workflow, its state. */
  readonly state?: string;
  /** Why it does not pass, or a concern (for a check that warns). */
  readonly message?: string;
}
