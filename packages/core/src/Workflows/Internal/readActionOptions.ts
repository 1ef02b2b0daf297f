import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import type { TriggerOptions } from '../Workflows.js';
import { describe } from './normalizeOptions.js';

/** The actor of an action when its options name none. */
export const DEFAULT_ACTOR = 'api';

/** What an action's options say once checked. */
export interface ActionSettings {
  readonly actor: string;
  readonly until?: number;
  readonly signal?: AbortSignal;
  readonly traceContext?: Readonly<Record<string, string>>;
}

/**
 * Checks the options of `Workflows.<method>` against the keys it takes (BATON_ERR_WORKFLOW_INVALID_ACTION).
 * `trigger`'s options may be an AbortSignal alone.
 */
export function readActionOptions(method: string, options: unknown, keys: readonly (keyof TriggerOptions | 'until')[], now?: number): ActionSettings {
  const invalid = (why: string): BatonError => new BatonError(BatonErrorCode.WorkflowInvalidAction, `Workflows.${method}(): ${why}.`);
  if (options === undefined) return { actor: DEFAULT_ACTOR };
  if (method === 'trigger' && options instanceof AbortSignal) return { actor: DEFAULT_ACTOR, signal: options };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(`options must be an object${method === 'trigger' ? ' or an AbortSignal' : ''}; got ${describe(options)}`);
  }
  const given = options as Record<string, unknown>;
  const unknown = Object.keys(given).find((key) => !(keys as readonly string[]).includes(key));
  if (unknown !== undefined) throw invalid(`unknown option '${unknown}'; expected ${keys.join(', ')}`);
  const { actor = DEFAULT_ACTOR, until, signal, traceContext } = given;
  if (typeof actor !== 'string' || actor.trim() === '') throw invalid(`actor must be a non-empty string; got ${describe(actor)}`);
  const settings: { -readonly [K in keyof ActionSettings]: ActionSettings[K] } = { actor };
  if (until !== undefined) {
    if (typeof until !== 'number' || !Number.isFinite(until)) throw invalid(`until must be a time (epoch ms); got ${describe(until)}`);
    if (now !== undefined && until <= now)
      throw invalid(`until (${new Date(until).toISOString()}) must be in the future; it is ${new Date(now).toISOString()}`);
    settings.until = until;
  }
  if (signal !== undefined) {
    if (!(signal instanceof AbortSignal)) throw invalid(`signal must be an AbortSignal; got ${describe(signal)}`);
    settings.signal = signal;
  }
  if (traceContext !== undefined) {
    const valid =
      typeof traceContext === 'object' &&
      traceContext !== null &&
      !Array.isArray(traceContext) &&
      Object.values(traceContext).every((value) => typeof value === 'string');
    if (!valid) throw invalid(`traceContext must be a map of strings (traceparent, tracestate); got ${describe(traceContext)}`);
    settings.traceContext = Object.freeze({ ...(traceContext as Record<string, string>) });
  }
  return settings;
}
