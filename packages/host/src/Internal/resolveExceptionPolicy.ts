import { describeValue } from './describeValue.js';
import { invalidOptions } from './invalidOptions.js';
import { parseOptionDuration } from './parseOptionDuration.js';
import type { ResolvedPolicy } from './ResolvedPolicy.js';

// Defaults documented on core's RestartOptions.
const RESTART_DEFAULTS = { maxRestarts: 5, initialDelay: '1s', maxDelay: '30s', jitter: 0.2 } as const;
const RESTART_KEYS = new Set(Object.keys(RESTART_DEFAULTS));

/**
 * Validates an `ExceptionPolicy` (from @baton/core) and fills in the restart defaults.
 * @param option - Names the option in error messages, e.g. `onError` or `onError of hosted service 'Mailer'`.
 */
export function resolveExceptionPolicy(value: unknown, option: string): ResolvedPolicy {
  if (value === 'stop-host' || value === 'ignore') return { kind: value };
  if (value === 'restart') return restart({}, option);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const settings = (value as { restart?: unknown }).restart;
    if (keys.length === 1 && keys[0] === 'restart' && typeof settings === 'object' && settings !== null && !Array.isArray(settings)) {
      return restart(settings, `${option}.restart`);
    }
  }
  throw invalidOptions(
    `${option} must be 'stop-host', 'ignore', 'restart' or { restart: { maxRestarts, initialDelay, maxDelay, jitter } }; got ${describeValue(value)}.`,
  );
}

function restart(settings: object, option: string): ResolvedPolicy {
  for (const key of Object.keys(settings)) {
    if (!RESTART_KEYS.has(key)) {
      throw invalidOptions(`${option} has an unknown key '${key}'; expected maxRestarts, initialDelay, maxDelay or jitter.`);
    }
  }
  const given = settings as Partial<Record<keyof typeof RESTART_DEFAULTS, unknown>>;
  const maxRestarts = given.maxRestarts ?? RESTART_DEFAULTS.maxRestarts;
  if (typeof maxRestarts !== 'number' || !Number.isInteger(maxRestarts) || maxRestarts < 0) {
    throw invalidOptions(`${option}.maxRestarts must be a whole number >= 0; got ${describeValue(maxRestarts)}.`);
  }
  const initialDelayMs = parseOptionDuration(given.initialDelay ?? RESTART_DEFAULTS.initialDelay, `${option}.initialDelay`);
  // The default cap never undercuts a longer initialDelay; an explicit one must not.
  const maxDelayMs =
    given.maxDelay === undefined
      ? Math.max(parseOptionDuration(RESTART_DEFAULTS.maxDelay, option), initialDelayMs)
      : parseOptionDuration(given.maxDelay, `${option}.maxDelay`);
  if (maxDelayMs < initialDelayMs) {
    throw invalidOptions(`${option}.maxDelay (${maxDelayMs} ms) must not be less than ${option}.initialDelay (${initialDelayMs} ms).`);
  }
  const jitter = given.jitter ?? RESTART_DEFAULTS.jitter;
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
    throw invalidOptions(`${option}.jitter must be a number from 0 to 1 (a fraction of each delay); got ${describeValue(jitter)}.`);
  }
  return { kind: 'restart', maxRestarts, initialDelayMs, maxDelayMs, jitter };
}
