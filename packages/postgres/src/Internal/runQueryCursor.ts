import { BatonError, BatonErrorCode } from '@baton/core';

/** Where a page of queryRuns ended: the last run's startedAt and id (newest first). */
export interface RunQueryCursor {
  readonly startedAt: number;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function writeCursor(cursor: RunQueryCursor): string {
  return Buffer.from(`p1:${cursor.startedAt}:${cursor.id}`).toString('base64url');
}

/** Reads a cursor this store issued; anything else is refused with BATON_ERR_RUNS_INVALID_QUERY. */
export function readCursor(cursor: unknown): RunQueryCursor {
  const match = typeof cursor === 'string' ? /^p1:(-?\d+):([0-9a-f-]{36})$/i.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (match === null || !UUID.test(match[2]!)) {
    throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The cursor ${JSON.stringify(cursor)} was not issued by this store.`);
  }
  return { startedAt: Number(match[1]), id: match[2]! };
}

/** Whether `id` can be a run id of this store (a uuid column refuses anything else). */
export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}
