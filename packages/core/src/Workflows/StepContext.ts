import type { ServiceKey } from '../DependencyInjection/Token.js';
import type { Logger } from '../Logging/Logger.js';
import type { RunTrigger } from '../Runs/RunRecord.js';

/** What a step knows about the run it belongs to. */
export interface RunInfo {
  /** The run's id. */
  readonly id: string;
  /** The workflow's name. */
  readonly workflow: string;
  /** The current attempt of this step, from 1. */
  readonly attempt: number;
  /** The schedule slot (epoch ms); for a manual run, when it was triggered. */
  readonly scheduledAt: number;
  /**
   * `<workflow>@<ISO slot>` for a scheduled run: derived from the workflow and the slot only, so every replica
   * computes the same key for the same tick. Pass it to external systems to make side effects idempotent.
   * A manual run gets `<workflow>@manual:<run id>`.
   */
  readonly idempotencyKey: string;
  readonly trigger: RunTrigger;
}

/**
 * The single argument of a step function (and, with the step's output, of its compensation).
 *
 * @typeParam TIn - The previous step's output; for the first step, the run's input.
 */
export interface StepContext<TIn> {
  /** Resolves a service from the run's DI scope (or a late binding, see `Workflows.bindLate`). */
  get<T>(key: ServiceKey<T>): T;
  /** The previous step's output; the first step gets the run's input. */
  readonly input: TIn;
  /**
   * Aborts when the step's `timeout` passes, when the run's `timeout` passes, when the run is cancelled or when
   * the host stops. Pass it to I/O. A step that ignores it is abandoned when it fires.
   */
  readonly signal: AbortSignal;
  /** A logger bound to the workflow, the run id and the step. */
  readonly log: Logger;
  readonly run: RunInfo;
}

/** A step: receives the context, returns (or resolves) its output. */
export type StepFunction<TIn, TOut> = (context: StepContext<TIn>) => TOut | PromiseLike<TOut>;
