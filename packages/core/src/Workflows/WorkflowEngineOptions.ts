import { token } from '../DependencyInjection/Token.js';
import type { Duration } from '../Time/Duration.js';

/**
 * Options of a host's workflow engine, set with `configureWorkflows(builder, options)` before the host starts.
 *
 * @remarks Per-workflow settings (recovery policy, `maxRecoveries`, `history`) are `Workflow.options`.
 */
export interface WorkflowEngineOptions {
  /**
   * How long the engine's lease on a run it owns lasts without renewal: another engine recovers the run once it has
   * expired. Defaults to `'10s'`.
   */
  readonly leaseTtl?: Duration;
  /** How often the leases of the runs in flight are renewed; less than `leaseTtl`. Defaults to a third of `leaseTtl`. */
  readonly heartbeat?: Duration;
  /** How often the RunStore is swept for runs whose owner died. Defaults to half of `leaseTtl`. */
  readonly recoveryInterval?: Duration;
  /** At most this many interrupted runs recovered per sweep. Defaults to 100. */
  readonly recoveryBatch?: number;
  /** The largest checkpoint (a step's output or a run's input, serialized), in bytes. Defaults to 1,000,000 (1 MB). */
  readonly checkpointLimit?: number;
  /**
   * How often the ScheduleStore is read again for pauses and resumes made on other replicas, should their
   * ControlChannel signal be lost. Defaults to `'5s'`.
   */
  readonly schedulePoll?: Duration;
}

/** DI token for the {@link WorkflowEngineOptions} of a host (a singleton value, set by `configureWorkflows`). */
export const WorkflowEngineOptions = token<WorkflowEngineOptions>('@baton/core/WorkflowEngineOptions');
