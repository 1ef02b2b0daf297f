import { BatonError, BatonErrorCode, parseDuration, type RetryOptions } from '@baton/core';
import type { TenantProvisioningOptions } from '../TenantProvisioningOptions.js';
import type { TenantProvisioningSettings } from './TenantProvisioningSettings.js';

const WHERE = 'addTenantProvisioningOrchestration()';
const KEYS = ['pendingEvery', 'pendingBatchSize', 'defaultPlan', 'stepRetry', 'stepTimeout', 'runTimeout'];
const DEFAULT_RETRY: RetryOptions = { attempts: 3, backoff: 'exponential', delay: '1s', maxDelay: '30s' };

/** Applies the defaults and checks every option; throws BATON_ERR_WORKFLOW_INVALID_OPTIONS naming the culprit. */
export function resolveOptions(options: TenantProvisioningOptions | undefined): TenantProvisioningSettings {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`options must be an object; got ${show(options)}.`);
  }
  const unknown = Object.keys(options).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) throw invalid(`unknown option ${unknown.map((key) => `'${key}'`).join(', ')}; known options: ${KEYS.join(', ')}.`);

  const { pendingEvery = '5m', pendingBatchSize = 10, defaultPlan = 'free', stepRetry = DEFAULT_RETRY, stepTimeout = '30s', runTimeout = '10m' } = options;
  if (pendingEvery !== false) positiveDuration(pendingEvery, 'pendingEvery', `a duration like '5m', or false to leave the scheduled workflow out`);
  if (!Number.isInteger(pendingBatchSize) || pendingBatchSize < 1)
    throw invalid(`options.pendingBatchSize must be an integer >= 1; got ${show(pendingBatchSize)}.`);
  if (typeof defaultPlan !== 'string' || defaultPlan.trim() === '') throw invalid(`options.defaultPlan must be a non-empty string; got ${show(defaultPlan)}.`);
  if (typeof stepRetry !== 'object' || stepRetry === null) throw invalid(`options.stepRetry must be an object like { attempts: 3 }; got ${show(stepRetry)}.`);
  positiveDuration(stepTimeout, 'stepTimeout', `a duration like '30s'`);
  positiveDuration(runTimeout, 'runTimeout', `a duration like '10m'`);
  return Object.freeze({ pendingEvery, pendingBatchSize, defaultPlan, stepRetry, stepTimeout, runTimeout });
}

function positiveDuration(value: unknown, name: string, expected: string): void {
  let ms: number;
  try {
    ms = parseDuration(value, `options.${name}`);
  } catch (error) {
    throw invalid(`options.${name} must be ${expected}; got ${show(value)}.`, error);
  }
  if (ms <= 0) throw invalid(`options.${name} must be greater than zero; got ${show(value)}.`);
}

function invalid(message: string, cause?: unknown): BatonError {
  return new BatonError(BatonErrorCode.WorkflowInvalidOptions, `${WHERE}: ${message}`, cause === undefined ? undefined : { cause });
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}
