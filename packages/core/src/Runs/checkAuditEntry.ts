import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { AuditAction, AuditAppend, AuditOutcome } from './AuditLog.js';

const ACTIONS: ReadonlySet<string> = new Set<AuditAction>(['trigger', 'pause', 'resume', 'cancel', 'retry', 'compensate', 'resume-run']);
const OUTCOMES: ReadonlySet<string> = new Set<AuditOutcome>(['ok', 'refused', 'failed']);

/**
 * Refuses an entry an `AuditLog` must not store, with `BATON_ERR_RUNS_INVALID_AUDIT_ENTRY` naming the field.
 * Every built-in AuditLog calls it first in `append`; a log of your own should too.
 */
export function checkAuditEntry(entry: AuditAppend): void {
  const invalid = (why: string): BatonError => new BatonError(BatonErrorCode.RunsInvalidAuditEntry, `AuditLog.append(): ${why}.`);
  if (typeof entry !== 'object' || entry === null) throw invalid('needs an entry object');
  if (!ACTIONS.has(entry.action)) throw invalid(`unknown action ${JSON.stringify(entry.action)}; expected one of ${[...ACTIONS].join(', ')}`);
  if (!OUTCOMES.has(entry.outcome)) throw invalid(`unknown outcome ${JSON.stringify(entry.outcome)}; expected ok, refused or failed`);
  if (typeof entry.actor !== 'string' || entry.actor === '') throw invalid('actor must be a non-empty string');
  if (typeof entry.target !== 'string' || entry.target === '') throw invalid('target must be a non-empty string');
  if (entry.detail !== undefined && typeof entry.detail !== 'string') throw invalid('detail must be a string');
  if (entry.input !== undefined && typeof entry.input !== 'string') throw invalid('input must be a string (a summary)');
}
