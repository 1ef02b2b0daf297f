import { BatonError } from '../../Errors/BatonError.js';
import { BatonErrorCode } from '../../Errors/BatonErrorCode.js';

/** Where a page of InMemoryRunStore.queryRuns ended: the last run's start and creation order. */
export interface Cursor {
  readonly startedAt: number;
  readonly seq: number;
}

/** Newest first: by startedAt, then by creation. */
export function newestFirst(a: Cursor, b: Cursor): number {
  return b.startedAt - a.startedAt || b.seq - a.seq;
}

export function writeCursor(last: Cursor): string {
  return Buffer.from(`m1:${last.startedAt}:${last.seq}`).toString('base64url');
}

export function readCursor(cursor: string): Cursor {
  const match = typeof cursor === 'string' ? /^m1:(-?\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (match === null) throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The cursor ${JSON.stringify(cursor)} was not issued by this store.`);
  return { startedAt: Number(match[1]), seq: Number(match[2]) };
}
