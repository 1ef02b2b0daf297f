// Validation of workflow and step options: every bad value becomes a BatonError naming the workflow, the step and
// the option, at definition time.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { parseDuration } from '../../Time/Duration.js';
import type { RetryOptions, StepOptions } from '../StepOptions.js';
import type { WorkflowOptions } from '../WorkflowOptions.js';
import type { ErasedCompensation, MissedRule, OverlapRule, RetryPolicy, WorkflowSettings } from './WorkflowDefinition.js';
import { noRetry } from './WorkflowDefinition.js';

export function describe(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '<anonymous>'}`;
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

// The option keys each object accepts. Written as records that must name every key of their interface (and no
// other), so a new option cannot be forgotten here and refused as unknown.
const RETRY_KEYS = Object.keys({ attempts: 1, backoff: 1, delay: 1, maxDelay: 1, jitter: 1, retryIf: 1 } satisfies Record<keyof RetryOptions, 1>);
const STEP_KEYS = Object.keys({ retry: 1, timeout: 1, compensate: 1, compensateRetry: 1 } satisfies Record<keyof StepOptions<never, never>, 1>);
const WORKFLOW_KEYS = Object.keys({
  timeout: 1,
  overlap: 1,
  missed: 1,
  compensateOnAbort: 1,
  requires: 1,
  history: 1,
  recovery: 1,
  maxRecoveries: 1,
} satisfies Record<keyof WorkflowOptions, 1>);

/** Throws `code` for the first key of `options` that is not in `known`: a typo such as `retries` is never ignored. */
function assertKnownKeys(options: object, known: readonly string[], what: string, code: BatonErrorCode): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new BatonError(code, `${what} '${key}'. Known options: ${known.join(', ')}.`);
  }
}

function duration(value: unknown, what: string, code: BatonErrorCode, positive: boolean): number {
  let ms: number;
  try {
    ms = parseDuration(value, what);
  } catch (error) {
    throw new BatonError(code, `${what} must be a Duration (milliseconds or a string like '30s'); got ${describe(value)}.`, { cause: error });
  }
  if (positive && ms <= 0) throw new BatonError(code, `${what} must be greater than 0; got ${describe(value)}.`);
  return ms;
}

export function normalizeRetry(retry: RetryOptions | undefined, where: string, field = 'retry'): RetryPolicy {
  if (retry === undefined) return noRetry;
  const code = BatonErrorCode.WorkflowInvalidRetry;
  if (typeof retry !== 'object' || retry === null)
    throw new BatonError(code, `${where}: ${field} must be an object like { attempts: 3 }; got ${describe(retry)}.`);
  assertKnownKeys(retry, RETRY_KEYS, `${where}: unknown ${field} option`, code);
  const { attempts, backoff = 'exponential', delay = 1000, maxDelay, jitter = 0, retryIf } = retry;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1) {
    throw new BatonError(code, `${where}: ${field}.attempts must be an integer >= 1 (total attempts, including the first); got ${describe(attempts)}.`);
  }
  let kind: 'fixed' | 'exponential';
  let delayMs = duration(delay, `${where}: ${field}.delay`, code, false);
  if (backoff === 'fixed' || backoff === 'exponential') kind = backoff as 'fixed' | 'exponential';
  else {
    kind = 'fixed';
    delayMs = duration(backoff, `${where}: ${field}.backoff ('fixed', 'exponential' or a Duration)`, code, false);
  }
  const maxDelayMs = maxDelay === undefined ? Infinity : duration(maxDelay, `${where}: ${field}.maxDelay`, code, false);
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
    throw new BatonError(code, `${where}: ${field}.jitter must be a number from 0 to 1; got ${describe(jitter)}.`);
  }
  if (retryIf !== undefined && typeof retryIf !== 'function') {
    throw new BatonError(code, `${where}: ${field}.retryIf must be a function (error) => boolean; got ${describe(retryIf)}.`);
  }
  return Object.freeze({ attempts, backoff: kind, delayMs, maxDelayMs, jitter, retryIf });
}

export interface NormalizedStepOptions {
  readonly retry: RetryPolicy;
  readonly timeoutMs: number | undefined;
  readonly compensate: ErasedCompensation | undefined;
  readonly compensateRetry: RetryPolicy;
}

export function normalizeStepOptions(options: StepOptions<never, never> | undefined, where: string): NormalizedStepOptions {
  if (options === undefined) return { retry: noRetry, timeoutMs: undefined, compensate: undefined, compensateRetry: noRetry };
  const code = BatonErrorCode.WorkflowInvalidStep;
  if (typeof options !== 'object' || options === null) throw new BatonError(code, `${where}: options must be an object; got ${describe(options)}.`);
  assertKnownKeys(options, STEP_KEYS, `${where}: unknown option`, code);
  const timeoutMs = options.timeout === undefined ? undefined : duration(options.timeout, `${where}: timeout`, code, true);
  if (options.compensate !== undefined && typeof options.compensate !== 'function') {
    throw new BatonError(code, `${where}: compensate must be a function (context, output) => ...; got ${describe(options.compensate)}.`);
  }
  if (options.compensateRetry !== undefined && options.compensate === undefined) {
    throw new BatonError(BatonErrorCode.WorkflowInvalidRetry, `${where}: compensateRetry needs a compensate function to retry.`);
  }
  return {
    retry: normalizeRetry(options.retry, where),
    timeoutMs,
    compensate: options.compensate as ErasedCompensation | undefined,
    compensateRetry: normalizeRetry(options.compensateRetry, where, 'compensateRetry'),
  };
}

export function normalizeWorkflowOptions(options: WorkflowOptions, current: WorkflowSettings, workflow: string): WorkflowSettings {
  const code = BatonErrorCode.WorkflowInvalidOptions;
  const where = `Workflow '${workflow}'`;
  if (typeof options !== 'object' || options === null) throw new BatonError(code, `${where}: options must be an object; got ${describe(options)}.`);
  assertKnownKeys(options, WORKFLOW_KEYS, `${where}: unknown option`, code);
  const next = { ...current };
  if ('timeout' in options && options.timeout !== undefined) next.timeoutMs = duration(options.timeout, `${where}: timeout`, code, true);
  if (options.overlap !== undefined) next.overlap = overlapRule(options.overlap, where);
  if (options.missed !== undefined) next.missed = missedRule(options.missed, where);
  if (options.compensateOnAbort !== undefined) {
    if (typeof options.compensateOnAbort !== 'boolean')
      throw new BatonError(code, `${where}: compensateOnAbort must be a boolean; got ${describe(options.compensateOnAbort)}.`);
    next.compensateOnAbort = options.compensateOnAbort;
  }
  if (options.requires !== undefined) {
    if (options.requires !== 'eager' && options.requires !== 'lazy')
      throw new BatonError(code, `${where}: requires must be 'eager' or 'lazy'; got ${describe(options.requires)}.`);
    next.requires = options.requires;
  }
  if (options.history !== undefined) {
    if (!Number.isInteger(options.history) || options.history < 1)
      throw new BatonError(code, `${where}: history must be an integer >= 1; got ${describe(options.history)}.`);
    next.history = options.history;
  }
  if (options.recovery !== undefined) {
    if (!['resume', 'restart', 'fail', 'compensate'].includes(options.recovery)) {
      throw new BatonError(code, `${where}: recovery must be 'resume', 'restart', 'fail' or 'compensate'; got ${describe(options.recovery)}.`);
    }
    next.recovery = options.recovery;
  }
  if (options.maxRecoveries !== undefined) {
    if (!Number.isInteger(options.maxRecoveries) || options.maxRecoveries < 0)
      throw new BatonError(code, `${where}: maxRecoveries must be an integer >= 0; got ${describe(options.maxRecoveries)}.`);
    next.maxRecoveries = options.maxRecoveries;
  }
  return Object.freeze(next);
}

function overlapRule(overlap: unknown, where: string): OverlapRule {
  if (overlap === 'skip' || overlap === 'queue-one') return Object.freeze({ kind: overlap });
  if (typeof overlap === 'object' && overlap !== null && 'allow' in overlap) {
    const max = (overlap as { allow: unknown }).allow;
    if (typeof max === 'number' && Number.isInteger(max) && max >= 1) return Object.freeze({ kind: 'allow', max });
  }
  throw new BatonError(
    BatonErrorCode.WorkflowInvalidOptions,
    `${where}: overlap must be 'skip', 'queue-one' or { allow: n } with an integer n >= 1; got ${describe(overlap)}.`,
  );
}

function missedRule(missed: unknown, where: string): MissedRule {
  if (missed === 'skip' || missed === 'run-once') return Object.freeze({ kind: missed });
  if (typeof missed === 'object' && missed !== null && 'catchUp' in missed) {
    const windowMs = duration((missed as { catchUp: unknown }).catchUp, `${where}: missed.catchUp`, BatonErrorCode.WorkflowInvalidOptions, true);
    return Object.freeze({ kind: 'catch-up', windowMs });
  }
  throw new BatonError(BatonErrorCode.WorkflowInvalidOptions, `${where}: missed must be 'skip', 'run-once' or { catchUp: Duration }; got ${describe(missed)}.`);
}
