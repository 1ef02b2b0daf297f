import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { parseDuration } from '../../Time/Duration.js';

/** {@link ScheduleOptions} checked and converted to milliseconds. */
export interface ResolvedScheduleOptions {
  readonly initialDelayMs: number;
  readonly jitterMs: number;
  readonly paused: boolean;
}

/**
 * Checks the options of `every()` or `cron()` and converts durations to milliseconds.
 *
 * @remarks Throws `BATON_ERR_SCHEDULE_INVALID_OPTIONS` for a non-object, an unknown key (a typo such as `jiter`
 * would otherwise be ignored silently), a wrong type, or a jitter that is not smaller than `periodMs`.
 * @param what - Names the schedule in messages, e.g. `every('5m')`.
 * @param periodMs - The smallest gap between two slots; the jitter must stay below it.
 * @param extraKeys - Keys the caller accepts on top of the shared ones (e.g. `timeZone` for cron).
 */
export function resolveScheduleOptions(options: unknown, what: string, periodMs: number, extraKeys: readonly string[] = []): ResolvedScheduleOptions {
  if (options === undefined) return { initialDelayMs: 0, jitterMs: 0, paused: false };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`${what}: options must be an object like { initialDelay: '10s', jitter: '5s' }; got ${describe(options)}.`);
  }
  const allowed = ['initialDelay', 'jitter', 'paused', ...extraKeys];
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw invalid(`${what}: unknown option '${key}'. Known options: ${allowed.join(', ')}.`);
    }
  }
  const { initialDelay, jitter, paused } = options as Record<string, unknown>;
  const initialDelayMs = initialDelay === undefined ? 0 : duration(initialDelay, `${what}: initialDelay`);
  const jitterMs = jitter === undefined ? 0 : duration(jitter, `${what}: jitter`);
  if (jitterMs >= periodMs) {
    throw invalid(
      `${what}: jitter (${jitterMs} ms) must be smaller than the smallest gap between slots (${periodMs} ms), ` +
        'or jittered ticks could overtake the next slot. Lower the jitter.',
    );
  }
  if (paused !== undefined && typeof paused !== 'boolean') {
    throw invalid(`${what}: paused must be true or false; got ${describe(paused)}.`);
  }
  return { initialDelayMs, jitterMs, paused: paused ?? false };
}

function duration(value: unknown, what: string): number {
  try {
    return parseDuration(value, what);
  } catch (error) {
    throw invalid(`${what} must be milliseconds >= 0 or a duration like '30s' or '5m'; got ${describe(value)}.`, error);
  }
}

function invalid(message: string, cause?: unknown): BatonError {
  return new BatonError(BatonErrorCode.ScheduleInvalidOptions, message, cause === undefined ? undefined : { cause });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
