import type { RunRecord, Workflows } from '@baton/core';
import type { AdminContext } from './AdminContext.js';
import type { AuditRecord } from './AuditTrail.js';
import { HttpError } from './HttpError.js';
import { checkRunId, parseInstant } from './parseRunQuery.js';
import { runDetail, runSummary } from './runViews.js';

type Action = AuditRecord['action'];

/** One action request, once authorised and its body read. */
export interface ActionRequest {
  readonly actor: string;
  readonly body: Record<string, unknown>;
}

/** `POST /api/workflows/:name/trigger` with `{ "input": ... }`: starts a run and answers 202 with it once it has started. */
export async function triggerWorkflow(context: AdminContext, name: string, request: ActionRequest): Promise<unknown> {
  const workflows = await knownWorkflow(context, name);
  checkKeys(request.body, ['input']);
  const input = request.body.input;
  return audited(context, request, 'trigger', name, summarize(input), async () => {
    let off: () => void = () => {};
    const started = new Promise<RunRecord>((resolve) => {
      off = workflows.on('run.started', ({ run }) => {
        if (run.workflow === name && run.trigger === 'manual') resolve(run);
      });
    });
    const finished = workflows.trigger(name, input);
    finished.catch(() => {}); // An early rejection is answered below; a later outcome is the run's record.
    try {
      const run = await Promise.race([started, finished]);
      return { run: runSummary(run) };
    } finally {
      off();
    }
  });
}

/** `POST /api/workflows/:name/pause` with `{ "until"?: <ISO date or epoch ms> }`. */
export async function pauseWorkflow(context: AdminContext, name: string, request: ActionRequest, schedule: PauseTimers): Promise<unknown> {
  await knownWorkflow(context, name);
  checkKeys(request.body, ['until']);
  const until = readUntil(context, request.body.until);
  return pauseOne(context, name, until, request, schedule);
}

/** `POST /api/workflows/:name/resume`. */
export async function resumeWorkflow(context: AdminContext, name: string, request: ActionRequest, schedule: PauseTimers): Promise<unknown> {
  await knownWorkflow(context, name);
  checkKeys(request.body, []);
  return resumeOne(context, name, request, schedule);
}

/** `POST /api/workflows/pause` (or `resume`) with `{ "workflows": [names] | "all", "until"? }`: each one is audited. */
export async function bulk(context: AdminContext, action: 'pause' | 'resume', request: ActionRequest, schedule: PauseTimers): Promise<unknown> {
  checkKeys(request.body, action === 'pause' ? ['workflows', 'until'] : ['workflows']);
  const workflows = context.workflows();
  const known = (await workflows?.list())?.map((info) => info.name) ?? [];
  const wanted = request.body.workflows;
  const names = wanted === 'all' ? known : wanted;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) throw new HttpError(400, "'workflows' must be an array of workflow names, or \"all\".");
  for (const name of names as string[]) if (!known.includes(name)) throw new HttpError(400, `Unknown workflow '${String(name).slice(0, 64)}'.`);
  const until = action === 'pause' ? readUntil(context, request.body.until) : undefined;
  const results = [];
  for (const name of names as string[]) {
    results.push(action === 'pause' ? await pauseOne(context, name, until, request, schedule) : await resumeOne(context, name, request, schedule));
  }
  return { workflows: names, results };
}

/** `POST /api/runs/:id/(cancel|retry|compensate|resume)`. */
export async function runAction(context: AdminContext, id: string, action: 'cancel' | 'retry' | 'compensate' | 'resume', request: ActionRequest): Promise<unknown> {
  checkRunId(id);
  checkKeys(request.body, []);
  const workflows = context.workflows();
  const run = await workflows?.run(id);
  if (workflows === undefined || run === undefined) throw new HttpError(404, `No run '${id}'.`);
  const audit: Action = action === 'resume' ? 'resume-run' : action;
  return audited(context, request, audit, id, undefined, async () => {
    if (action === 'cancel') {
      const cancelled = await workflows.cancel(id);
      if (!cancelled) throw new HttpError(409, `Run '${id}' is not in flight here; only a running run can be cancelled.`);
      return { cancelled: true };
    }
    const ended = action === 'retry' ? await workflows.retry(id) : action === 'compensate' ? await workflows.compensate(id) : await workflows.resumeRun(id);
    return { run: runDetail(ended) };
  });
}

/** The timers that resume a workflow paused until a time. */
export interface PauseTimers {
  set(name: string, until: number, resume: () => void): void;
  clear(name: string): void;
}

async function pauseOne(context: AdminContext, name: string, until: number | undefined, request: ActionRequest, timers: PauseTimers): Promise<unknown> {
  const workflows = context.workflows()!;
  return audited(context, request, 'pause', name, undefined, async () => {
    await workflows.pause(name);
    timers.clear(name);
    if (until === undefined) {
      context.pausedUntil.delete(name);
    } else {
      context.pausedUntil.set(name, until);
      timers.set(name, until, () => {
        context.pausedUntil.delete(name);
        void Promise.resolve(workflows.resume(name)).then(() => context.live.publish('workflow.resumed', { workflow: name, actor: 'schedule' }));
      });
    }
    context.live.publish('workflow.paused', { workflow: name, until });
    return { workflow: name, paused: true, until };
  }, until === undefined ? undefined : `until ${new Date(until).toISOString()}`);
}

async function resumeOne(context: AdminContext, name: string, request: ActionRequest, timers: PauseTimers): Promise<unknown> {
  const workflows = context.workflows()!;
  return audited(context, request, 'resume', name, undefined, async () => {
    timers.clear(name);
    context.pausedUntil.delete(name);
    await workflows.resume(name);
    context.live.publish('workflow.resumed', { workflow: name });
    return { workflow: name, paused: false };
  });
}

/** Runs `act` and appends its outcome to the audit log: `ok`, `refused` (a 4xx), or `failed`. */
async function audited(context: AdminContext, request: ActionRequest, action: Action, target: string, input: string | undefined, act: () => Promise<unknown>, detail?: string): Promise<unknown> {
  const base = { actor: request.actor, action, target, ...(input === undefined ? {} : { input }) };
  let result: unknown;
  try {
    result = await act();
  } catch (error) {
    const mapped = mapError(error);
    const entry = await context.audit.append({ ...base, outcome: mapped.status < 500 ? 'refused' : 'failed', detail: mapped.message.slice(0, 500) });
    context.live.publish('audit', entry);
    throw mapped;
  }
  const entry = await context.audit.append({ ...base, outcome: 'ok', ...(detail === undefined ? {} : { detail }) });
  context.live.publish('audit', entry);
  return result;
}

function mapError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'BATON_ERR_WORKFLOW_UNKNOWN':
    case 'BATON_ERR_WORKFLOW_RUN_UNKNOWN':
      return new HttpError(404, message);
    case 'BATON_ERR_WORKFLOW_NOT_READY':
    case 'BATON_ERR_WORKFLOW_RUN_NOT_INTERRUPTED':
    case 'BATON_ERR_WORKFLOW_RUN_NOT_FAILED':
    case 'BATON_ERR_WORKFLOW_NOTHING_TO_COMPENSATE':
      return new HttpError(409, message);
    case 'BATON_ERR_RUNS_CHECKPOINT_UNSERIALIZABLE':
    case 'BATON_ERR_RUNS_CHECKPOINT_TOO_LARGE':
      return new HttpError(400, message);
    default:
      return new HttpError(500, message);
  }
}

async function knownWorkflow(context: AdminContext, name: string): Promise<Workflows> {
  const workflows = context.workflows();
  const names = (await workflows?.list())?.map((info) => info.name) ?? [];
  if (workflows === undefined || !names.includes(name)) throw new HttpError(404, `No workflow '${name.slice(0, 64)}'.`);
  return workflows;
}

function checkKeys(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new HttpError(400, `Unknown field '${key.slice(0, 64)}'${allowed.length > 0 ? `; expected ${allowed.join(', ')}` : '; this action takes no body'}.`);
  }
}

function readUntil(context: AdminContext, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, "'until' must be an ISO 8601 date or epoch milliseconds.");
  const until = typeof value === 'number' ? value : parseInstant(value, "'until'");
  if (!Number.isFinite(until) || until <= context.now()) throw new HttpError(400, "'until' must be in the future.");
  return until;
}

/** What the audit log keeps of an input: its type and size, never the value. */
function summarize(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  const json = JSON.stringify(input) ?? '';
  return `${Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input}, ${Buffer.byteLength(json)} bytes of JSON`;
}
