// Writes the Workflows control's operator actions to the AuditLog: who did what to which target, and how it ended.
// An action's audit never changes the action: an AuditLog that fails is logged, and the action goes on.
import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';
import { toError } from '../../Errors/toError.js';
import type { Logger } from '../../Logging/Logger.js';
import type { AuditAction, AuditLog, AuditOutcome } from '../../Runs/AuditLog.js';
import { describe } from './normalizeOptions.js';
import { DEFAULT_ACTOR } from './readActionOptions.js';

/** One action to audit: its actor, action and target, known before it is performed. */
export interface AuditedAction {
  readonly actor: string;
  readonly action: AuditAction;
  readonly target: string;
  readonly input?: string;
}

export class Auditor {
  readonly #log: () => AuditLog | undefined;
  readonly #logger: () => Logger;

  constructor(log: () => AuditLog | undefined, logger: () => Logger) {
    this.#log = log;
    this.#logger = logger;
  }

  /** Appends `action` with its `outcome`; resolves once written (or once its failure is logged). Never rejects. */
  record(action: AuditedAction, outcome: AuditOutcome, detail?: string): Promise<void> {
    const log = this.#log();
    if (log === undefined) return Promise.resolve();
    const entry = { ...action, outcome, ...(detail === undefined ? {} : { detail }) };
    const failed = (error: unknown): void =>
      this.#logger().warn('Could not write an operator action to the AuditLog', { action: action.action, target: action.target, error: toError(error) });
    try {
      return log.append(entry).then(() => undefined, failed);
    } catch (error) {
      failed(error);
      return Promise.resolve();
    }
  }

  /** Records the action as refused (a BatonError about its input or state) or failed (anything else), then rethrows. */
  async rethrow(action: AuditedAction, error: unknown): Promise<never> {
    await this.record(action, outcomeOf(error), toError(error).message);
    throw error;
  }
}

/** `failed` when a store or channel failed the action, `refused` for a BatonError about its input or state. */
export function outcomeOf(error: unknown): AuditOutcome {
  return error instanceof BatonError && error.code !== BatonErrorCode.RunsStoreFailed && error.code !== BatonErrorCode.WorkflowControlFailed
    ? 'refused'
    : 'failed';
}

/** The audit target for a name or id given by a caller: itself when it is a non-empty string, else a description. */
export function auditTarget(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : describe(value);
}

/** The actor an action's options name, for its audit entry, before they are checked: `'api'` unless a valid one. */
export function actorOf(options: unknown): string {
  const actor = typeof options === 'object' && options !== null && !(options instanceof AbortSignal) ? (options as { actor?: unknown }).actor : undefined;
  return typeof actor === 'string' && actor.trim() !== '' ? actor : DEFAULT_ACTOR;
}
