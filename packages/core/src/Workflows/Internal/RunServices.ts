// What every run of an engine is given: the same services for all of them.
import type { ScopeFactory } from '../../DependencyInjection/ScopeFactory.js';
import type { Logger } from '../../Logging/Logger.js';
import type { RunStore } from '../../Runs/RunStore.js';
import type { ScheduleStore } from '../../Runs/ScheduleStore.js';
import type { Serializer } from '../../Runs/Serializer.js';
import type { Clock } from '../../Time/Clock.js';
import type { WorkflowEvents } from '../Workflows.js';
import type { EventHub } from './EventHub.js';
import type { LateBindings } from './LateBindings.js';

export interface RunServices {
  readonly clock: Clock;
  /** The engine's logger; a run makes its own child of it. */
  readonly log: Logger;
  readonly store: RunStore;
  /** Where each claimed slot is recorded (the missed-run policy's durable last slot). */
  readonly schedules: ScheduleStore;
  readonly serializer: Serializer;
  readonly scopes: ScopeFactory;
  readonly events: EventHub<WorkflowEvents>;
  readonly late: LateBindings;
  /** Signal for compensations: aborts only when the host's shutdown budget runs out. */
  readonly compensationSignal: AbortSignal;
  /** This engine's identity as the owner of runs. */
  readonly owner: string;
  readonly leaseTtlMs: number;
  /** The largest checkpoint, in bytes of its serialized form. */
  readonly checkpointLimit: number;
}
