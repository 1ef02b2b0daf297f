/**
 * What happened when the host stopped. `stop()` resolves with it rather than throwing, so a shutdown that ran out
 * of time or had failures is reported, never passed off as a success.
 */
export interface StopResult {
  /** `true` when every service stopped within the shutdown budget and nothing faulted or failed. */
  readonly ok: boolean;
  /** `true` when the shutdown budget ran out (or the signal given to `stop()` aborted) before every service stopped. */
  readonly timedOut: boolean;
  /** Names of the services that had not finished stopping when `stop()` returned, in stop order. */
  readonly stillRunning: readonly string[];
  /**
   * Names of the services that faulted and were not recovered by a restart (under any policy), or that threw from
   * `stop` or a `stopping`/`stopped` hook.
   */
  readonly faulted: readonly string[];
  /**
   * Every error behind `ok: false`: `BATON_ERR_SERVICE_FAULTED` and `BATON_ERR_SERVICE_STOP_FAILED` (each with the
   * original as `cause`), a process-level fault seen by `run()`, or a provider disposal failure.
   */
  readonly errors: readonly Error[];
}
