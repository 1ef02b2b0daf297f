import type { BatonError } from '@baton/core';
import { invalidOptions } from './invalidOptions.js';

/** `singleton` on something that is not a BackgroundService: there is no `execute` to run under the lease. */
export function notBackgroundService(label: string): BatonError {
  return invalidOptions(
    `${label} cannot be a singleton: it is not a BackgroundService, and only a BackgroundService's execute runs under a lease. Extend BackgroundService, or drop the singleton option.`,
  );
}
