import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { HeapSchedulerOptions } from '../HeapScheduler.js';

const OPTION_KEYS = new Set(['onCallbackError', 'maxCallbacksPerDrain', 'drainBudgetMs', 'lagThresholdMs', 'onLag']);

/** Throws a SchedulerInvalidArgument BatonError naming the first option of `options` that is unknown or invalid. */
export function checkHeapSchedulerOptions(options: HeapSchedulerOptions): void {
  const invalid = (message: string): BatonError => new BatonError(BatonErrorCode.SchedulerInvalidArgument, `HeapScheduler options: ${message}`);
  if (typeof options !== 'object' || options === null) throw invalid(`expected an object; got ${String(options)}.`);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw invalid(`unknown option '${key}'; known options are ${[...OPTION_KEYS].join(', ')}.`);
  }
  const { onCallbackError, maxCallbacksPerDrain, drainBudgetMs, lagThresholdMs, onLag } = options;
  if (onCallbackError !== undefined && typeof onCallbackError !== 'function') {
    throw invalid(`onCallbackError must be a function; got ${typeof onCallbackError}.`);
  }
  if (onLag !== undefined && typeof onLag !== 'function') throw invalid(`onLag must be a function; got ${typeof onLag}.`);
  if (maxCallbacksPerDrain !== undefined && !(Number.isInteger(maxCallbacksPerDrain) && maxCallbacksPerDrain >= 1)) {
    throw invalid(`maxCallbacksPerDrain must be a whole number >= 1; got ${String(maxCallbacksPerDrain)}.`);
  }
  if (drainBudgetMs !== undefined && !(typeof drainBudgetMs === 'number' && Number.isFinite(drainBudgetMs) && drainBudgetMs > 0)) {
    throw invalid(`drainBudgetMs must be a finite number of ms > 0; got ${String(drainBudgetMs)}.`);
  }
  if (lagThresholdMs !== undefined && !(typeof lagThresholdMs === 'number' && Number.isFinite(lagThresholdMs) && lagThresholdMs >= 0)) {
    throw invalid(`lagThresholdMs must be a finite number of ms >= 0; got ${String(lagThresholdMs)}.`);
  }
}
