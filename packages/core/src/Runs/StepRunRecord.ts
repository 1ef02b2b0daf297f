import type { RunError } from './RunRecord.js';

/**
 * How a step run ended, or `running`. `timed_out` is a step whose last attempt exceeded its `timeout`;
 * `cancelled` is a step cut short by the run being aborted.
 */
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

/** The outcome of one step's compensation. */
export interface CompensationRecord {
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly startedAt: number;
  readonly finishedAt?: number;
  /** Attempts made so far (more than 1 when the step's `compensateRetry` retried it). */
  readonly attempts?: number;
  readonly error?: RunError;
}

/**
 * One step of a run, as a {@link RunStore} keeps it; recorded when it starts, on each attempt and when it ends.
 *
 * @remarks A member of a parallel group is recorded as `<group>.<member>`, with {@link StepRunRecord.group} set.
 * A step that succeeded carries its `output` checkpoint: the run resumes from it, and its compensation is called
 * with it, in whichever process.
 */
export interface StepRunRecord {
  /** The step's name, unique within its run. */
  readonly name: string;
  /** The parallel group the step belongs to, if any. */
  readonly group?: string;
  readonly status: StepStatus;
  /** Attempts made so far, from 1. */
  readonly attempts: number;
  readonly startedAt: number;
  readonly finishedAt?: number;
  /** The last failed attempt's error. */
  readonly error?: RunError;
  /** The error of every failed attempt, in order (the last one is also {@link StepRunRecord.error}). */
  readonly attemptErrors?: readonly RunError[];
  /** The step's output, as a checkpoint (serialized whole), once it succeeded. */
  readonly output?: string;
  /** Display summary of the output. */
  readonly outputSummary?: string;
  /** Set once the step's compensation has started. */
  readonly compensation?: CompensationRecord;
}
