import type { ServiceResolver } from '../DependencyInjection/ServiceResolver.js';
import type { ServiceKey } from '../DependencyInjection/Token.js';
import { token } from '../DependencyInjection/Token.js';
import type { RunCounts, RunPage, RunQuery } from '../Runs/RunQuery.js';
import type { SchedulerLag } from '../Scheduling/SchedulerLag.js';
import type { RunError, RunRecord, RunWarning } from '../Runs/RunRecord.js';
import type { StepRunRecord } from '../Runs/StepRunRecord.js';
import type { Workflow } from './Workflow.js';
import { setMissingHint } from '../DependencyInjection/Internal/missingHints.js';

/**
 * Where a registered workflow is.
 * - `scheduled`: ticking on its schedule.
 * - `manual`: no schedule; runs only when triggered.
 * - `paused`: paused (`pause()`, on any replica, or the schedule's `paused` option); no tick fires; triggers still run.
 * - `waiting`: `requires: 'lazy'` and a `.uses` token is not bound yet (see {@link Workflows.bindLate}).
 * - `stopped`: the engine is not running, or the schedule has no further slot.
 */
export type WorkflowState = 'scheduled' | 'manual' | 'paused' | 'waiting' | 'stopped';

/** A registered workflow as {@link Workflows.list} reports it. */
export interface WorkflowInfo {
  readonly name: string;
  readonly state: WorkflowState;
  /** The schedule's description, e.g. `every 5m`; `undefined` without a schedule. */
  readonly schedule: string | undefined;
  /** The next tick (epoch ms, jitter included), while `scheduled`. */
  readonly nextDueAt: number | undefined;
  /** Runs in flight. */
  readonly running: number;
  /**
   * Slots dropped by the missed-run policy since the host started (they passed while the process could not run them),
   * and slots whose claim the store could not record (they did not run).
   */
  readonly missedSlots: number;
  /** For `waiting`: the tokens still unbound. */
  readonly missing: readonly string[];
  /** While `paused` by `pause(name, { until })`: when ticking resumes. */
  readonly pausedUntil: number | undefined;
  /** The most recent run in the RunStore. */
  readonly lastRun: RunRecord | undefined;
  /**
   * The schedule's period: the time between its next two slots (for a cron, around now); `undefined` without a
   * schedule or without two further slots. Health reads it to call a workflow stale after a number of periods.
   */
  readonly periodMs?: number | undefined;
}

/** Why a scheduled tick did not run here: the overlap policy, another replica's claim, or another holder's lease. */
export type TickSkipReason = 'overlap' | 'claimed' | 'lease';

/** A step transition, as carried by step and compensation events. */
export interface StepEvent {
  readonly workflow: string;
  readonly runId: string;
  readonly step: string;
}

/** The events of {@link Workflows.on}, by name, with their payloads. Listeners run synchronously, in order. */
export interface WorkflowEvents {
  /** A run was recorded (or taken over) and is about to run. `lateByMs`: how long after its slot a scheduled run started. */
  'run.started': { readonly run: RunRecord; readonly lateByMs: number };
  /** A run ended and its final record was written; `run` carries its steps. */
  'run.finished': { readonly run: RunRecord; readonly durationMs: number };
  /** A run whose owner died was taken over by this engine (epoch + 1); `mode` is how it goes on. */
  'run.recovered': { readonly run: RunRecord; readonly mode: 'resume' | 'restart' | 'fail' | 'compensate' | 'abandon' };
  /** A run this engine owned was fenced: taken over by another engine, or its lease could not be renewed in time. */
  'run.fenced': { readonly workflow: string; readonly runId: string; readonly reason: RunError };
  /** Something went wrong around a run without changing its outcome (recorded in its `warnings`). */
  'run.warning': { readonly workflow: string; readonly runId: string; readonly warning: RunWarning };
  /** The scheduler became overloaded (ticks run late; missed slots follow the missed-run policy), or caught up. */
  'scheduler.lag': SchedulerLag;
  /**
   * Slots in (`after`, `before`) passed while the process could not run them, and the missed-run policy dropped them;
   * or one slot (`after` + 1) did not run because the store could not record its claim.
   */
  'tick.missed': { readonly workflow: string; readonly after: number; readonly before: number; readonly slots: number };
  /**
   * A scheduled tick fired and its run is being claimed. `catchUp`: the slot had passed while the process could not
   * run it, and the missed-run policy (`'run-once'` or `{ catchUp }`) runs it now.
   */
  'tick.fired': { readonly workflow: string; readonly scheduledAt: number; readonly lateByMs: number; readonly catchUp?: boolean };
  /** A step (or a member of a parallel group, `<group>.<member>`) began its first attempt. */
  'step.started': StepEvent & { readonly attempt: number };
  /** An attempt failed and another follows after `delayMs`. */
  'step.retried': StepEvent & { readonly attempt: number; readonly delayMs: number; readonly error: RunError };
  /** A step ended; `record` has its status, attempts, errors, checkpoint and output summary. */
  'step.finished': StepEvent & { readonly attempt: number; readonly durationMs: number; readonly record: StepRunRecord };
  /** A completed step's compensation began. */
  'compensation.started': StepEvent;
  /** A compensation ended; `error` is set when it threw. */
  'compensation.finished': StepEvent & { readonly durationMs: number; readonly attempts: number; readonly error?: RunError };
  /** A scheduled tick did not run here. Overlap skips are also recorded as `skipped` runs. */
  'tick.skipped': { readonly workflow: string; readonly scheduledAt: number; readonly reason: TickSkipReason };
}

/** How {@link Workflows.bindLate} provides a service: a ready value, or a factory called once per run. */
export type LateImplementation<T> = { readonly useValue: T } | { readonly useFactory: (services: ServiceResolver) => T };

/** Who performs an operator action, for the {@link AuditLog}: e.g. `admin:alice`. Defaults to `'api'`. */
export interface ActionOptions {
  readonly actor?: string;
}

/** Options of {@link Workflows.pause}. */
export interface PauseOptions extends ActionOptions {
  /** When ticking resumes by itself (epoch ms, in the future); without it, the pause lasts until {@link Workflows.resume}. */
  readonly until?: number;
}

/**
 * Options of {@link Workflows.trigger} (an `AbortSignal` alone is accepted in their place). A trigger that names its
 * `actor` is an operator's action, written to the {@link AuditLog}; the app's own triggers, without one, are not.
 */
export interface TriggerOptions extends ActionOptions {
  /** Cancels the run when it aborts. */
  readonly signal?: AbortSignal;
  /**
   * A W3C trace-context carrier (`traceparent`, `tracestate`) of the request that triggers the run, stored on its
   * record as `traceContext` so that the run's spans link to that request.
   */
  readonly traceContext?: Readonly<Record<string, string>>;
}

/**
 * Operates the host's workflows: trigger, pause, resume, cancel, list, history, events and late bindings.
 * Resolve it from the provider (`host.provider.get(Workflows)`) once `addWorkflow` has registered a workflow.
 *
 * @remarks Every operator action (pause, resume, cancel, retry, compensate, resumeRun, and a trigger that names its
 * `actor`) is appended to the host's {@link AuditLog}: who (`actor`, `'api'` by default), what, on which target, and
 * whether it was done
 * (`ok`), refused (bad input, wrong state: the action throws its BatonError) or failed (a store failed it). Pause and
 * resume are durable and shared through the {@link ScheduleStore}; cancel reaches the run on whichever replica owns
 * it through the {@link ControlChannel}.
 */
export interface Workflows {
  /** This engine's id as the owner of runs (`RunRecord.owner`), and its host's id in the {@link InstanceRegistry}. */
  readonly instanceId: string;
  /**
   * Runs a workflow now, outside its schedule (trigger `manual`), and resolves with its final record once it has
   * ended, whatever the outcome. Manual runs ignore the overlap policy and the Coordinator's tick claims.
   * @throws BATON_ERR_WORKFLOW_UNKNOWN for an unknown name; BATON_ERR_WORKFLOW_NOT_READY while the engine is not
   * running or the workflow is `waiting`; BATON_ERR_WORKFLOW_INVALID_ACTION for invalid options;
   * BATON_ERR_RUNS_STORE_FAILED if the run could not be recorded.
   */
  trigger<TInput>(workflow: Workflow<TInput, unknown>, input: TInput, options?: AbortSignal | TriggerOptions): Promise<RunRecord>;
  trigger(name: string, input?: unknown, options?: AbortSignal | TriggerOptions): Promise<RunRecord>;
  /**
   * Stops ticking `name` on every replica (runs in flight go on), until {@link Workflows.resume} or `options.until`.
   * Durable: the pause is in the {@link ScheduleStore}, so it holds across restarts. Idempotent; a new `until`
   * replaces the old one.
   * @throws BATON_ERR_WORKFLOW_UNKNOWN; BATON_ERR_WORKFLOW_INVALID_ACTION (an `until` not in the future);
   * BATON_ERR_WORKFLOW_NOT_READY before the host has built its services; BATON_ERR_WORKFLOW_CONTROL_FAILED when the
   * ScheduleStore failed (nothing changed).
   */
  pause(name: string, options?: PauseOptions): Promise<void>;
  /**
   * Resumes ticking `name` on every replica, from the next slot; slots that passed while paused are not run.
   * Idempotent. Throws as {@link Workflows.pause} does.
   */
  resume(name: string, options?: ActionOptions): Promise<void>;
  /**
   * Cancels run `runId` wherever it runs (recorded `cancelled`): at once when this engine owns it; through the
   * {@link ControlChannel} when another replica does (its owner aborts it on the signal, or at its next lease
   * heartbeat at the latest). Resolves `true` once the cancel is done or requested, `false` if no such run is running.
   */
  cancel(runId: string, options?: ActionOptions): Promise<boolean>;
  /**
   * Resumes an interrupted run by hand, from its last checkpoint: a run left `running` by an owner that died (its
   * lease expired), or an `abandoned` one. Resolves with its final record. (Named apart from {@link Workflows.resume},
   * which resumes a paused workflow's schedule.)
   * @throws BATON_ERR_WORKFLOW_RUN_UNKNOWN, BATON_ERR_WORKFLOW_RUN_NOT_INTERRUPTED.
   */
  resumeRun(runId: string, options?: ActionOptions): Promise<RunRecord>;
  /**
   * Reruns a failed (or timed-out, or abandoned) run from the step that failed, reusing the checkpointed outputs of
   * the steps before it. Resolves with its final record.
   * @throws BATON_ERR_WORKFLOW_RUN_UNKNOWN, BATON_ERR_WORKFLOW_RUN_NOT_FAILED.
   */
  retry(runId: string, options?: ActionOptions): Promise<RunRecord>;
  /**
   * Undoes a run by hand (say, one that succeeded): the compensations of its completed steps run in reverse order,
   * from their checkpoints, and the run ends `compensated` or `compensation_failed`.
   * @throws BATON_ERR_WORKFLOW_RUN_UNKNOWN, BATON_ERR_WORKFLOW_NOTHING_TO_COMPENSATE.
   */
  compensate(runId: string, options?: ActionOptions): Promise<RunRecord>;
  /** Run `runId` with its steps, attempts' errors, compensations and recoveries, or `undefined`. */
  run(runId: string): Promise<RunRecord | undefined>;
  /** Runs across workflows, filtered, newest first, a page at a time (see {@link RunQuery}). */
  runs(query?: RunQuery): Promise<RunPage>;
  /** How many runs the RunStore holds, by workflow and status. */
  counts(): Promise<RunCounts[]>;
  /** How far behind the engine's scheduler is now: `overloaded` while more falls due than the process can run on time. */
  lag(): SchedulerLag;
  /** Every registered workflow, in registration order. */
  list(): Promise<WorkflowInfo[]>;
  /** The registered workflows' names, in registration order (reads no store). */
  names(): string[];
  /** The runs of `name` in the RunStore, newest first. */
  history(name: string, options?: { readonly limit?: number }): Promise<RunRecord[]>;
  /** Subscribes `listener` to `event`; returns the unsubscribe function. A listener that throws is logged, not propagated. */
  on<E extends keyof WorkflowEvents>(event: E, listener: (payload: WorkflowEvents[E]) => void): () => void;
  /**
   * Binds `key` after the host has started, for workflows declared `requires: 'lazy'`: the DI provider is immutable
   * once built, so a service that only becomes available later (a connection made after start, a plugin loaded on
   * demand) is bound here. Each `waiting` workflow whose `.uses` tokens are now all bound starts ticking at once.
   * Steps resolve the key through `get` like any service: a value is shared, a factory is called once per run and
   * its result disposed (if disposable) when the run ends.
   * @throws BATON_ERR_WORKFLOW_BINDING_CONFLICT if the provider or an earlier late binding already binds `key`.
   */
  bindLate<T>(key: ServiceKey<T>, implementation: LateImplementation<T>): void;
}

/** DI token for {@link Workflows}; registered (as a singleton value) by the first `addWorkflow` on a host. */
export const Workflows = token<Workflows>('@baton/core/Workflows');
setMissingHint(
  Workflows,
  'Add a workflow with host.addWorkflow(workflow) (or addWorkflow(builder, workflow) from @baton/core): the first one registers Workflows.',
);
