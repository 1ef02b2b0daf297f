import { BatonError, BatonErrorCode, parseDuration, type RetryOptions } from '@baton/core';
import type { InventorySyncOptions } from '../InventorySyncOptions.js';
import type { InventorySyncSettings } from './InventorySyncSettings.js';

const WHERE = 'addInventorySyncOrchestration()';
const KEYS = ['every', 'batchSize', 'concurrency', 'stepRetry', 'stepTimeout'];
const DEFAULT_RETRY: RetryOptions = { attempts: 3, backoff: 'exponential', delay: '1s', maxDelay: '30s' };

/** Applies the defaults and checks every option; throws BATON_ERR_WORKFLOW_INVALID_OPTIONS naming the culprit. */
export function resolveOptions(options: InventorySyncOptions | undefined): InventorySyncSettings {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalid(`options must be an object; got ${show(options)}.`);
  const unknown = Object.keys(options).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) throw invalid(`unknown option ${unknown.map((key) => `'${key}'`).join(', ')}; known options: ${KEYS.join(', ')}.`);

  const { every = '5m', batchSize = 25, concurrency = 4, stepRetry = DEFAULT_RETRY, stepTimeout = '30s' } = options;
  positiveDuration(every, 'every', `a duration like '5m'`);
  positiveInteger(batchSize, 'batchSize');
  positiveInteger(concurrency, 'concurrency');
  if (typeof stepRetry !== 'object' || stepRetry === null) throw invalid(`options.stepRetry must be an object like { attempts: 3 }; got ${show(stepRetry)}.`);
  if (!Number.isInteger(stepRetry.attempts) || stepRetry.attempts < 1)
    throw invalid(`options.stepRetry.attempts must be an integer >= 1; got ${show(stepRetry.attempts)}.`);
  positiveDuration(stepTimeout, 'stepTimeout', `a duration like '30s'`);
  return Object.freeze({ every, batchSize, concurrency, stepRetry, stepTimeout });
}

function positiveInteger(value: unknown, name: string): void {
  if (!Number.isInteger(value) || (value as number) < 1) throw invalid(`options.${name} must be an integer >= 1; got ${show(value)}.`);
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
