import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { AuditQuery } from './AuditLog.js';

/**
 * Refuses a malformed {@link AuditQuery} with `BATON_ERR_RUNS_INVALID_QUERY`: a page size outside 1 to 500, or a
 * target that is not a string. Every built-in `AuditLog` calls it first in `list`; the cursor is the log's own
 * to check.
 */
export function checkAuditQuery(query: AuditQuery): void {
  const { limit, target } = query;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The audit page size must be an integer from 1 to 500; got ${String(limit)}.`);
  }
  if (target !== undefined && typeof target !== 'string') {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The audit target filter must be a string; got ${JSON.stringify(target)}.`);
  }
}
