import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';

type Disposable = { [Symbol.asyncDispose]?: () => unknown; [Symbol.dispose]?: () => unknown; dispose?: () => unknown };

/** Whether `value` has `[Symbol.asyncDispose]`, `[Symbol.dispose]` or `dispose()`. */
export function isDisposable(value: unknown): value is object {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const candidate = value as Disposable;
  return typeof candidate[Symbol.asyncDispose] === 'function' || typeof candidate[Symbol.dispose] === 'function' || typeof candidate.dispose === 'function';
}

/**
 * Disposes `owned` in reverse order (newest first). Every disposer runs even if one throws; the errors are
 * aggregated into one BATON_ERR_DI_DISPOSE_FAILED.
 */
export async function disposeAll(owned: readonly object[], what: string): Promise<void> {
  const errors: unknown[] = [];
  for (let index = owned.length - 1; index >= 0; index--) {
    const instance = owned[index] as Disposable;
    try {
      if (typeof instance[Symbol.asyncDispose] === 'function') await instance[Symbol.asyncDispose]!();
      else if (typeof instance[Symbol.dispose] === 'function') instance[Symbol.dispose]!();
      else await instance.dispose!();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) {
    throw new BatonError(BatonErrorCode.DiDisposeFailed, `${errors.length} disposer(s) failed while disposing the ${what}.`, {
      cause: new AggregateError(errors, 'Disposers failed'),
    });
  }
}
