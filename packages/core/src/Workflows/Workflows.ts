import type { ServiceResolver } from '../DependencyInjection/ServiceResolver.js';
import type { ServiceKey } from '../DependencyInjection/Token.js';
import { token } from '../DependencyInjection/Token.js';
import type { RunError, RunRecord } from '../Runs/RunRecord.js';
import type { StepRunRecord } from '../Runs/StepRunRecord.js';
import type { Workflow } from './Workflow.js';

/**
 * Where a registered workflow is.
 * - `scheduled`: ticking on its schedule.
 * - `manual`: no schedule; runs only when triggered.
 * - `paused`: paused (`pause()` or the schedule's `paused` option); no tick fires; triggers still run.
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
  /** For `waiting`: the tokens still unbound. */
  readonly missing: readonly string[];
  /** The most recent run in the RunStore. */
  readonly lastRun: RunRecord | undefined;
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
  /** A run was recorded and is about to run its first step. */
  'run.started': { readonly run: RunRecord };
  /** A run ended and its final record was written; `run` carries its steps. */
  'run.finished': { readonly run: RunRecord };
  /** A step (or a member of a parallel group, `<group>.<member>`) began its first attempt. */
  'step.started': StepEvent & { readonly attempt: number };
  /** An attempt failed and another follows after `delayMs`. */
  'step.retried': StepEvent & { readonly attempt: number; readonly delayMs: number; readonly error: RunError };
  /** A step ended; `record` has its status, attempts, error and output summary. */
  'step.finished': StepEvent & { readonly record: StepRunRecord };
  /** A completed step's compensation began. */
  'compensation.started': StepEvent;
  /** A compensation ended; `error` is set when it threw. */
  'compensation.finished': StepEvent & { readonly error?: RunError };
  /** A scheduled tick did not run here. Overlap skips are also recorded as `skipped` runs. */
  'tick.skipped': { readonly workflow: string; readonly scheduledAt: number; readonly reason: TickSkipReason };
}

/** How {@link Workflows.bindLate} provides a service: a ready value, or a factory called once per run. */
export type LateImplementation<T> = { readonly useValue: T } | { readonly useFactory: (services: ServiceResolver) => T };

/**
 * Operates the host's workflows: trigger, pause, resume, cancel, list, history, events and late bindings.
 * Resolve it from the provider (`host.provider.get(Workflows)`) once `addWorkflow` has registered a workflow.
 */
export interface Workflows {
  /**
   * Runs a workflow now, outside its schedule (trigger `manual`), and resolves with its final record once it has
   * ended, whatever the outcome. Manual runs ignore the overlap policy and the Coordinator's tick claims.
   * @throws BATON_ERR_WORKFLOW_UNKNOWN for an unknown name; BATON_ERR_WORKFLOW_NOT_READY while the engine is not
   * running or the workflow is `waiting`; BATON_ERR_RUNS_STORE_FAILED if the run could not be recorded.
   */
  trigger<TInput>(workflow: Workflow<TInput, unknown>, input: TInput, signal?: AbortSignal): Promise<RunRecord>;
  trigger(name: string, input?: unknown, signal?: AbortSignal): Promise<RunRecord>;
  /** Stops ticking `name` (runs in flight go on). Idempotent. */
  pause(name: string): void;
  /** Resumes ticking `name` from the next slot; slots that passed while paused are not run. Idempotent. */
  resume(name: string): void;
  /** Cancels run `runId` (recorded `cancelled`); resolves `false` if no such run is in flight here. */
  cancel(runId: string): boolean;
  /** Every registered workflow, in registration order. */
  list(): Promise<WorkflowInfo[]>;
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
