// What a run is given: its dependencies (the same for every run of an engine) and its request (one per run), and the
// idempotency key derived from them.
import type { ScopeFactory } from '../../DependencyInjection/ScopeFactory.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunTrigger } from '../../Runs/RunRecord.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { Clock } from '../../Time/Clock.js';
import type { WorkflowEvents } from '../Workflows.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';
import type { WorkflowAbort } from './WorkflowAbort.js';

export interface RunDependencies {
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: RunStore;
  readonly scopes: ScopeFactory;
  readonly events: EventHub<WorkflowEvents>;
  readonly late: LateBindings;
  /** Signal for compensations: aborts only when the host's shutdown budget runs out. */
  readonly compensationSignal: AbortSignal;
}

export interface RunRequest {
  readonly id: string;
  readonly trigger: RunTrigger;
  readonly scheduledAt: number;
  readonly input: unknown;
  /** Aborted with a BatonError reason: BATON_ERR_WORKFLOW_RUN_CANCELLED or BATON_ERR_WORKFLOW_RUN_TIMEOUT. */
  readonly controller: WorkflowAbort;
  /** Called once, synchronously, when the run is over (recorded or not), before `execute()` settles. */
  settled?(): void;
}

/** `<workflow>@<ISO slot>` for a scheduled run (the same on every replica), `<workflow>@manual:<run id>` otherwise. */
export function idempotencyKey(workflow: string, trigger: RunTrigger, scheduledAt: number, runId: string): string {
  return trigger === 'schedule' ? `${workflow}@${new Date(scheduledAt).toISOString()}` : `${workflow}@manual:${runId}`;
}
