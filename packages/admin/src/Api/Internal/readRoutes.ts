import type { RunRecord, WorkflowInfo } from '@baton/core';
import type { AdminContext } from './AdminContext.js';
import { describeSchedule } from './describeSchedule.js';
import { HttpError } from './HttpError.js';
import { checkRunId, parseRunQuery } from './parseRunQuery.js';
import { runDetail, runSummary } from './runViews.js';

/** A workflow with no successful run within this many periods is shown `stale`. */
const STALE_PERIODS = 3;
const FAULTED: ReadonlySet<string> = new Set(['failed', 'compensation_failed', 'abandoned', 'timed_out']);
const DEGRADED: ReadonlySet<string> = new Set(['compensated', 'cancelled']);

/** `GET /api/workflows`: each workflow with its state badge, schedule in words, next due time and last runs. */
export async function listWorkflows(context: AdminContext): Promise<unknown> {
  const workflows = context.workflows();
  if (workflows === undefined) return { workflows: [] };
  const infos = await workflows.list();
  const now = context.now();
  const views = await Promise.all(
    infos.map(async (info) => {
      const lastRuns = await workflows.history(info.name, { limit: 10 });
      return workflowView(context, info, lastRuns, now);
    }),
  );
  return { workflows: views };
}

function workflowView(context: AdminContext, info: WorkflowInfo, lastRuns: readonly RunRecord[], now: number): Record<string, unknown> {
  const schedule = info.schedule === undefined ? undefined : describeSchedule(info.schedule);
  const lastSuccess = lastRuns.find((run) => run.status === 'succeeded');
  const finished = lastRuns.find((run) => run.status !== 'running' && run.status !== 'skipped');
  const periodMs = info.periodMs ?? schedule?.periodMs;
  const stale =
    info.state === 'scheduled' &&
    periodMs !== undefined &&
    context.startedAt() !== undefined &&
    now - (lastSuccess?.startedAt ?? context.startedAt()!) > STALE_PERIODS * periodMs;
  const badge =
    info.state === 'paused'
      ? 'paused'
      : info.state === 'waiting'
        ? 'waiting'
        : info.running > 0
          ? 'running'
          : finished !== undefined && FAULTED.has(finished.status)
            ? 'faulted'
            : stale
              ? 'stale'
              : (finished !== undefined && DEGRADED.has(finished.status)) || info.missedSlots > 0
                ? 'degraded'
                : info.state;
  return {
    name: info.name,
    state: info.state,
    badge,
    schedule,
    nextDueAt: info.nextDueAt,
    running: info.running,
    missedSlots: info.missedSlots,
    missing: info.missing,
    pausedUntil: info.pausedUntil,
    ticks: context.ledger.summary(info.name),
    lastRuns: lastRuns.map(runSummary),
  };
}

/** `GET /api/services`: each hosted service with its state, restarts and singleton lease (`host.hostedServices()`). */
export function listServices(context: AdminContext): unknown {
  return { services: context.host.hostedServices() };
}

/** `GET /api/runs`: a filtered page of runs, or the one run an `id` names. */
export async function searchRuns(context: AdminContext, search: URLSearchParams): Promise<unknown> {
  const workflows = context.workflows();
  if (workflows === undefined) return { runs: [] };
  const names = new Set((await workflows.list()).map((info) => info.name));
  const { query, id } = parseRunQuery(search, names);
  if (id !== undefined) {
    const run = await workflows.run(id);
    return { runs: run === undefined ? [] : [runSummary(run)] };
  }
  let page;
  try {
    page = await workflows.runs(query);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'BATON_ERR_RUNS_INVALID_QUERY') throw new HttpError(400, (error as Error).message);
    throw error;
  }
  return { runs: page.runs.map(runSummary), nextCursor: page.nextCursor };
}

/** `GET /api/runs/:id`: the run with its steps, attempts, compensations and recoveries. */
export async function readRun(context: AdminContext, id: string): Promise<unknown> {
  checkRunId(id);
  const run = await context.workflows()?.run(id);
  if (run === undefined) throw new HttpError(404, `No run '${id}'.`);
  return { run: runDetail(run) };
}

/** `GET /api/ticks?workflow=&limit=`: the tick ledger, newest first. */
export async function readTicks(context: AdminContext, search: URLSearchParams): Promise<unknown> {
  const workflow = search.get('workflow') ?? undefined;
  const names = new Set((await context.workflows()?.list())?.map((info) => info.name) ?? []);
  if (workflow !== undefined && !names.has(workflow)) throw new HttpError(400, `Unknown workflow '${workflow}'.`);
  return { ticks: context.ledger.list(workflow, readLimit(search, 200, 1_000)) };
}

/** `GET /api/instances`: the host instances from the InstanceRegistry (every replica's, when it is shared), this one marked. */
export async function listInstances(context: AdminContext): Promise<unknown> {
  const registry = context.instances();
  const current = context.workflows()?.instanceId;
  const instances = registry === undefined ? [] : await registry.list();
  return { instances: instances.map((instance) => ({ ...instance, current: instance.id === current })), heartbeatIntervalMs: registry?.heartbeatIntervalMs };
}

/** `GET /api/audit?limit=&cursor=&target=`: the audit log, newest first. */
export async function readAudit(context: AdminContext, search: URLSearchParams): Promise<unknown> {
  const target = search.get('target') ?? undefined;
  const cursor = search.get('cursor') ?? undefined;
  const audit = context.audit();
  if (audit === undefined) return { entries: [] };
  try {
    return await audit.list({ limit: readLimit(search, 50, 500), ...(target === undefined ? {} : { target }), ...(cursor === undefined ? {} : { cursor }) });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'BATON_ERR_RUNS_INVALID_QUERY') throw new HttpError(400, (error as Error).message);
    throw error;
  }
}

/** `GET /api/overview`: the host's state and health, for the header. */
export async function readOverview(context: AdminContext): Promise<unknown> {
  const health = await context.host.health();
  return {
    host: { name: context.host.name, state: context.host.state, instance: context.workflows()?.instanceId },
    health: {
      status: health.status,
      entries: Object.fromEntries(Object.entries(health.entries).map(([name, entry]) => [name, { status: entry.status, description: entry.description }])),
    },
    now: context.now(),
  };
}

function readLimit(search: URLSearchParams, fallback: number, max: number): number {
  const text = search.get('limit');
  if (text === null) return fallback;
  const limit = Number(text);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= max))
    throw new HttpError(400, `The limit must be a whole number from 1 to ${max}; got '${text.slice(0, 32)}'.`);
  return limit;
}
