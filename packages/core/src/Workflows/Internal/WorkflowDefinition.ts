// The normalised, type-erased form of a workflow that the engine runs. Built and validated by the Workflow builder,
// read by the engine through definitionOf(); never exported from the package.
import type { ServiceKey } from '../../DependencyInjection/Token.js';
import type { Schedule } from '../../Scheduling/Schedule.js';
import type { StepContext } from '../StepContext.js';

export type ErasedStep = (context: StepContext<unknown>) => unknown;
export type ErasedCompensation = (context: StepContext<unknown>, output: unknown) => unknown;

export interface RetryPolicy {
  readonly attempts: number;
  readonly backoff: 'fixed' | 'exponential';
  readonly delayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  readonly retryIf: ((error: Error) => boolean) | undefined;
}

export interface StepDefinition {
  readonly name: string;
  /** One member for a plain step (key undefined); one per function for a parallel group. */
  readonly members: readonly { readonly key: string | undefined; readonly run: ErasedStep }[];
  readonly parallel: boolean;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number | undefined;
  readonly compensate: ErasedCompensation | undefined;
  /** How the compensation is retried (one attempt by default). */
  readonly compensateRetry: RetryPolicy;
}

export type OverlapRule = { readonly kind: 'skip' } | { readonly kind: 'queue-one' } | { readonly kind: 'allow'; readonly max: number };
export type MissedRule = { readonly kind: 'skip' } | { readonly kind: 'run-once' } | { readonly kind: 'catch-up'; readonly windowMs: number };

export interface WorkflowSettings {
  readonly timeoutMs: number | undefined;
  readonly overlap: OverlapRule;
  readonly missed: MissedRule;
  readonly compensateOnAbort: boolean;
  readonly requires: 'eager' | 'lazy';
  readonly history: number | undefined;
  readonly recovery: RecoveryPolicy;
  readonly maxRecoveries: number;
}

export type RecoveryPolicy = 'resume' | 'restart' | 'fail' | 'compensate';

export interface WorkflowDefinition {
  readonly name: string;
  readonly schedule: Schedule | undefined;
  readonly uses: readonly ServiceKey<unknown>[];
  readonly steps: readonly StepDefinition[];
  readonly settings: WorkflowSettings;
}

export const defaultSettings: WorkflowSettings = Object.freeze({
  timeoutMs: undefined,
  overlap: Object.freeze({ kind: 'skip' }),
  missed: Object.freeze({ kind: 'skip' }),
  compensateOnAbort: false,
  requires: 'eager',
  history: undefined,
  recovery: 'resume',
  maxRecoveries: 3,
});

export const noRetry: RetryPolicy = Object.freeze({ attempts: 1, backoff: 'exponential', delayMs: 1000, maxDelayMs: Infinity, jitter: 0, retryIf: undefined });

const definitions = new WeakMap<object, WorkflowDefinition>();

export function setDefinition(workflow: object, definition: WorkflowDefinition): void {
  definitions.set(workflow, definition);
}

/** The definition of a Workflow built by defineWorkflow, or undefined for anything else. */
export function definitionOf(workflow: unknown): WorkflowDefinition | undefined {
  return typeof workflow === 'object' && workflow !== null ? definitions.get(workflow) : undefined;
}
