import { BatonError, BatonErrorCode, checkRunQuery, type RunQuery, type RunStatus, type RunTrigger } from '@baton/core';
import { HttpError } from './HttpError.js';

const KEYS = new Set(['workflow', 'status', 'trigger', 'from', 'to', 'limit', 'cursor', 'id']);
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `GET /api/runs?...` read into a {@link RunQuery} (plus a run id), or a 400 naming the culprit. */
export function parseRunQuery(search: URLSearchParams, workflows: ReadonlySet<string>): { query: RunQuery; id?: string } {
  for (const key of search.keys()) {
    if (!KEYS.has(key)) throw new HttpError(400, `Unknown filter '${key}'; filters are ${[...KEYS].join(', ')}.`);
  }
  const names = list(search, 'workflow');
  for (const name of names) if (!workflows.has(name)) throw new HttpError(400, `Unknown workflow '${name}'.`);
  const statuses = list(search, 'status');
  const trigger = search.get('trigger') ?? undefined;
  const limitText = search.get('limit') ?? undefined;
  const limit = limitText === undefined ? undefined : Number(limitText);
  const id = search.get('id') ?? undefined;
  if (id !== undefined) checkRunId(id);
  const query: RunQuery = {
    ...(names.length > 0 ? { workflow: names } : {}),
    ...(statuses.length > 0 ? { status: statuses as RunStatus[] } : {}),
    ...(trigger !== undefined ? { trigger: trigger as RunTrigger } : {}),
    ...time(search, 'from'),
    ...time(search, 'to'),
    ...(limit !== undefined ? { limit } : {}),
    ...(search.get('cursor') !== null ? { cursor: search.get('cursor')! } : {}),
  };
  // The values' own rules (statuses, triggers, the time range, the page size) are the stores': checked once, in core.
  try {
    checkRunQuery(query);
  } catch (error) {
    throw BatonError.is(error, BatonErrorCode.RunsInvalidQuery) ? new HttpError(400, error.message) : error;
  }
  return id === undefined ? { query } : { query, id };
}

/** A 400 unless `id` reads as a run id (a UUID). */
export function checkRunId(id: string): void {
  if (!RUN_ID.test(id)) throw new HttpError(400, `'${id.slice(0, 64)}' is not a run id (a UUID).`);
}

/** An instant given as epoch milliseconds or an ISO 8601 date, or a 400. */
export function parseInstant(text: string, what: string): number {
  const at = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(at)) throw new HttpError(400, `${what} must be epoch milliseconds or an ISO 8601 date; got '${text.slice(0, 64)}'.`);
  return at;
}

function list(search: URLSearchParams, key: string): string[] {
  return search
    .getAll(key)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function time(search: URLSearchParams, key: 'from' | 'to'): Partial<Record<'from' | 'to', number>> {
  const text = search.get(key);
  if (text === null || text === '') return {};
  return { [key]: parseInstant(text, `'${key}'`) };
}
