import { BatonError, BatonErrorCode, type RunQuery, type RunStatus } from '@baton/core';

export const RUN_STATUSES: readonly RunStatus[] = [
  'running',
  'succeeded',
  'failed',
  'compensated',
  'compensation_failed',
  'cancelled',
  'timed_out',
  'skipped',
  'abandoned',
];

/** Refuses a malformed {@link RunQuery} with BATON_ERR_RUNS_INVALID_QUERY, as the in-memory store does. */
export function checkRunQuery(query: RunQuery): void {
  const { workflow, status, trigger, from, to, limit } = query;
  if (workflow !== undefined && typeof workflow !== 'string' && !(Array.isArray(workflow) && workflow.every((name: unknown) => typeof name === 'string'))) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The workflow filter must be a workflow name or an array of names; got ${JSON.stringify(workflow)}.`);
  }
  if (status !== undefined && !Array.isArray(status)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The status filter must be an array of run statuses; got ${JSON.stringify(status)}.`);
  }
  for (const value of status ?? []) {
    if (!RUN_STATUSES.includes(value)) {
      throw new BatonError(BatonErrorCode.RunsInvalidQuery, `Unknown run status ${JSON.stringify(value)}; expected one of ${RUN_STATUSES.join(', ')}.`);
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
