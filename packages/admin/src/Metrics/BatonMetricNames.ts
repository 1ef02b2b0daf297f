/**
 * The names of the metrics Baton registers, all prefixed `baton_`. Labels never carry run ids.
 *
 * | Name | Type | Labels |
 * | --- | --- | --- |
 * | `baton_runs_total` | counter | `workflow`, `status`, `trigger` |
 * | `baton_run_duration_seconds` | histogram | `workflow`, `status` |
 * | `baton_step_duration_seconds` | histogram | `workflow`, `step`, `status` |
 * | `baton_ticks_total` | counter | `workflow`, `outcome` (`fired`, `skipped`, `not_elected`, `missed`, `caught_up`) |
 * | `baton_tick_lateness_seconds` | histogram | `workflow` |
 * | `baton_runs_in_flight` | gauge | `workflow` |
 * | `baton_service_state` | gauge (1 for the current state, 0 for the others) | `service`, `state` |
 * | `baton_service_restarts_total` | counter | `service` |
 * | `baton_leases_held` | gauge (1 or 0) | `service` |
 * | `baton_recoveries_total` | counter | `workflow`, `mode` |
 */
export const BatonMetricNames = Object.freeze({
  runs: 'baton_runs_total',
  runDuration: 'baton_run_duration_seconds',
  stepDuration: 'baton_step_duration_seconds',
  ticks: 'baton_ticks_total',
  tickLateness: 'baton_tick_lateness_seconds',
  runsInFlight: 'baton_runs_in_flight',
  serviceState: 'baton_service_state',
  serviceRestarts: 'baton_service_restarts_total',
  leasesHeld: 'baton_leases_held',
  recoveries: 'baton_recoveries_total',
} as const);
