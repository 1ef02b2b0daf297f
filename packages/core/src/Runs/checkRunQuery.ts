import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { RunQuery } from './RunQuery.js';
import { runStatuses } from './runStatuses.js';

/**
 * Refuses a malformed {@link RunQuery} with `BATON_ERR_RUNS_INVALID_QUERY`, naming the filter and what it got. Every
 * built-in {@link RunStore} calls it first in `queryRuns`; a store of your own should too, so that a query is refused
 * (or accepted) the same way whichever store answers it. The cursor is the store's own: each store checks it.
 */
export function checkRunQuery(query: RunQuery): void {
  const { workflow, status, trigger, from, to, limit } = query;
  if (workflow !== undefined && typeof workflow !== 'string' && !(Array.isArray(workflow) && workflow.every((name: unknown) => typeof name === 'string'))) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The workflow filter must be a workflow name or an array of names; got ${JSON.stringify(workflow)}.`);
  }
  if (status !== undefined && !Array.isArray(status)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The status filter must be an array of run statuses; got ${JSON.stringify(status)}.`);
  }
  for (const value of status ?? []) {
    if (!runStatuses.includes(value)) {
      throw new BatonError(BatonErrorCode.RunsInvalidQuery, `Unknown run status ${JSON.stringify(value)}; expected one of ${runStatuses.join(', ')}.`);
    }
  }
  if (trigger !== undefined && trigger !== 'schedule' && trigger !== 'manual') {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `Unknown run trigger ${JSON.stringify(trigger)}; expected schedule or manual.`);
  }
  if ((from !== undefined && !Number.isFinite(from)) || (to !== undefined && !Number.isFinite(to)) || (from !== undefined && to !== undefined && from > to)) {
    throw new BatonError(
      BatonErrorCode.RunsInvalidQuery,
      `The time range [${String(from)}, ${String(to)}) is invalid: give finite epoch milliseconds, from <= to.`,
    );
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The page size must be an integer from 1 to 500; got ${String(limit)}.`);
  }
}
