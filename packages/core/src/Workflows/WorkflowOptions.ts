import type { Duration } from '../Time/Duration.js';

/**
 * What a scheduled tick does while runs of the same workflow are in flight.
 * - `'skip'` (default): the tick is recorded `skipped`.
 * - `'queue-one'`: the tick waits for the run in flight; a further tick while one waits is skipped.
 * - `{ allow: n }`: up to `n` runs at once; a tick beyond that is skipped.
 *
 * @remarks Manual triggers are not limited by it, but they count as in flight for scheduled ticks.
 */
export type OverlapPolicy = 'skip' | 'queue-one' | { readonly allow: number };

/**
 * What happens to slots that passed while the process was down (read from the RunStore's last slot) or the event
 * loop was stalled.
 * - `'skip'` (default): they are dropped; the next future slot runs.
 * - `'run-once'`: one run, for the latest missed slot, then the schedule goes on.
 * - `{ catchUp: window }`: every missed slot within `window` before now runs, oldest first, one after another.
 */
export type MissedPolicy = 'skip' | 'run-once' | { readonly catchUp: Duration };

/** Options of a workflow; see `Workflow.options`. */
export interface WorkflowOptions {
  /** Per run: when it passes, the run's signal aborts and the run ends `timed_out`. Defaults to none. */
  readonly timeout?: Duration;
  /** Defaults to `'skip'`. */
  readonly overlap?: OverlapPolicy;
  /** Defaults to `'skip'`. */
  readonly missed?: MissedPolicy;
  /** Whether a cancelled or timed-out run compensates its completed steps. Defaults to false. */
  readonly compensateOnAbort?: boolean;
  /**
   * `'eager'` (default): a `.uses` token that is not bound fails the host's start (BATON_ERR_DI_MISSING_BINDING).
   * `'lazy'`: the workflow waits (state `'waiting'`) until every token is bound, e.g. by `Workflows.bindLate`.
   */
  readonly requires?: 'eager' | 'lazy';
  /** Runs of this workflow the RunStore keeps, overriding the store's default (see `RunStore.setRetention`). */
  readonly history?: number;
  /**
   * What another engine does with a run whose owner died (it is still `running` and its lease has expired):
   * - `'resume'` (default): carry on from the last completed step; completed steps (and completed members of a
   *   parallel group) do not run again, and their checkpointed outputs feed the next step and the compensations;
   * - `'restart'`: run it again from the first step;
   * - `'fail'`: record it `failed` (BATON_ERR_WORKFLOW_RUN_INTERRUPTED);
   * - `'compensate'`: run the compensations of its completed steps, from their checkpoints.
   */
  readonly recovery?: 'resume' | 'restart' | 'fail' | 'compensate';
  /** How many times a run may be recovered; past it the run ends `abandoned`. Defaults to 3. */
  readonly maxRecoveries?: number;
}
