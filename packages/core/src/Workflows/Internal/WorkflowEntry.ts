// A registered workflow as the engine tracks it: its definition, where it is, its next tick and its runs in flight.
import type { Lease } from '../../Runs/Coordinator.js';
import { SoloMap } from '../../Runs/Internal/SoloMap.js';
import type { SchedulerHandle } from '../../Scheduling/Scheduler.js';
import type { WorkflowState } from '../Workflows.js';
import type { RunAbort } from './RunAbort.js';
import type { WorkflowDefinition } from './WorkflowDefinition.js';
import type { WorkflowRun } from './WorkflowRun.js';

/** A run this engine owns while it is in flight. */
export interface ActiveRun {
  readonly id: string;
  /** The run's abort: cancel, stop, its timeout, a lost lease. */
  readonly controller: RunAbort;
  readonly run: WorkflowRun;
  /** The run's promise (set as soon as it is launched); it may reject, and is only ever awaited with allSettled. */
  done: Promise<unknown> | undefined;
  /** When its lease was last renewed (the engine's clock): the heartbeat fences it once that is a lease ttl ago. */
  renewedAt: number;
  /** The workflow's lease, while a scheduled run that must not overlap across replicas holds it (renewed by the heartbeat). */
  workflowLease: Lease | undefined;
}

export interface WorkflowEntry {
  readonly def: WorkflowDefinition;
  /** The Coordinator key of the workflow's lease, held by its scheduled runs that must not overlap across replicas. */
  readonly leaseKey: string;
  state: WorkflowState;
  paused: boolean;
  /** While paused with an end (`pause(name, { until })`): when ticking resumes; `wake` is armed for it. */
  pausedUntil: number | undefined;
  wake: SchedulerHandle | undefined;
  handle: SchedulerHandle | undefined;
  nextDueAt: number | undefined;
  /** The grid origin for interval schedules; set on first activation. */
  anchor: number | undefined;
  /** By run id; a SoloMap, as a workflow's runs come and go one at a time. */
  readonly inflight: SoloMap<string, ActiveRun>;
  /** Slots the missed-run policy dropped since start (they passed while the process could not run them). */
  missedSlots: number;
  /** Claimed slots waiting for capacity: a queued tick (queue-one) or catch-up slots. */
  readonly pending: number[];
  /** The slots among `pending` queued by the missed-run policy (reported as `catchUp` when they fire). */
  readonly catchUp: Set<number>;
}

export function createEntry(def: WorkflowDefinition): WorkflowEntry {
  const paused = def.schedule?.paused ?? false;
  return {
    def,
    leaseKey: `workflow:${def.name}`,
    state: 'stopped',
    paused,
    pausedUntil: undefined,
    wake: undefined,
    handle: undefined,
    nextDueAt: undefined,
    anchor: undefined,
    missedSlots: 0,
    inflight: new SoloMap(),
    pending: [],
    catchUp: new Set(),
  };
}

/** How many runs of `entry` may be in flight at once. */
export function capacity(entry: WorkflowEntry): number {
  const overlap = entry.def.settings.overlap;
  return overlap.kind === 'allow' ? overlap.max : 1;
}
