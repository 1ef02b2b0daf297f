import type { RunRecord, Workflows } from '@baton/core';
import type { AdminContext } from './AdminContext.js';
import { HttpError } from './HttpError.js';
import { checkRunId, parseInstant } from './parseRunQuery.js';
import { runDetail, runSummary } from './runViews.js';

// Each action goes through the core Workflows control with `{ actor }`: the control checks it, performs it and
// appends it to the host's AuditLog (ok, refused or failed), on this replica or through the shared stores.

/** One action request, once authorised and its body read. */
export interface ActionRequest {
  readonly actor: string;
  readonly body: Record<string, unknown>;
}

/** `POST /api/workflows/:name/trigger` with `{ "input": ... }`: starts a run and answers 202 with it once it has started. */
export async function triggerWorkflow(
  context: AdminContext,
  name: string,
  request: ActionRequest,
  traceContext?: Readonly<Record<string, string>>,
): Promise<unknown> {
  const workflows = await knownWorkflow(context, name);
  checkKeys(request.body, ['input']);
  return act(context, 'trigger', name, async () => {
    let off: () => void = () => {};
    const started = new Promise<RunRecord>((resolve) => {
      off = workflows.on('run.started', ({ run }) => {
        if (run.workflow === name && run.trigger === 'manual') resolve(run);
      });
    });
    // The request's W3C trace context (traceparent, tracestate), so the run's span links to the request that started it.
    const finished = workflows.trigger(
      name,
      request.body.input,
      traceContext === undefined ? { actor: request.actor } : { actor: request.actor, traceContext },
    );
    finished.catch(() => {}); // An early rejection is answered below; a later outcome is the run's record.
    try {
      return { run: runSummary(await Promise.race([started, finished])) };
    } finally {
      off();
    }
  });
}

/** `POST /api/workflows/:name/pause` with `{ "until"?: <ISO date or epoch ms> }`. */
export async function pauseWorkflow(context: AdminContext, name: string, request: ActionRequest): Promise<unknown> {
  const workflows = await knownWorkflow(context, name);
  checkKeys(request.body, ['until']);
  const until = readUntil(context, request.body.until);
  return act(context, 'pause', name, async () => {
    await workflows.pause(name, until === undefined ? { actor: request.actor } : { actor: request.actor, until });
    return { workflow: name, paused: true, until };
  });
}

/** `POST /api/workflows/:name/resume`. */
export async function resumeWorkflow(context: AdminContext, name: string, request: ActionRequest): Promise<unknown> {
  const workflows = await knownWorkflow(context, name);
  checkKeys(request.body, []);
  return act(context, 'resume', name, async () => {
    await workflows.resume(name, { actor: request.actor });
    return { workflow: name, paused: false };
  });
}

/** `POST /api/workflows/pause` (or `resume`) with `{ "workflows": [names] | "all", "until"? }`: one action (and audit entry) per workflow. */
export async function bulk(context: AdminContext, action: 'pause' | 'resume', request: ActionRequest): Promise<unknown> {
  checkKeys(request.body, action === 'pause' ? ['workflows', 'until'] : ['workflows']);
  const workflows = context.workflows();
  const infos = (await workflows?.list()) ?? [];
  const known = infos.map((info) => info.name);
  const wanted = request.body.workflows;
  // "all": every workflow with a schedule (a manual one has no ticks to pause).
  const names = wanted === 'all' ? infos.filter((info) => info.schedule !== undefined).map((info) => info.name) : wanted;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))
    throw new HttpError(400, '\'workflows\' must be an array of workflow names, or "all".');
  for (const name of names as string[]) if (!known.includes(name)) throw new HttpError(400, `Unknown workflow '${String(name).slice(0, 64)}'.`);
  const until = action === 'pause' ? readUntil(context, request.body.until) : undefined;
  const results = [];
  for (const name of names as string[]) {
    const one = { actor: request.actor, body: until === undefined ? {} : { until } };
    results.push(action === 'pause' ? await pauseWorkflow(context, name, one) : await resumeWorkflow(context, name, { actor: request.actor, body: {} }));
  }
  return { workflows: names, results };
}

/** `POST /api/runs/:id/(cancel|retry|compensate|resume)`. */
export async function runAction(
  context: AdminContext,
  id: string,
  action: 'cancel' | 'retry' | 'compensate' | 'resume',
  request: ActionRequest,
): Promise<unknown> {
  checkRunId(id);
  checkKeys(request.body, []);
  const workflows = context.workflows();
  const run = await workflows?.run(id);
  if (workflows === undefined || run === undefined) throw new HttpError(404, `No run '${id}'.`);
  const options = { actor: request.actor };
  return act(context, action === 'resume' ? 'resume-run' : action, id, async () => {
    if (action === 'cancel') {
      if (!(await workflows.cancel(id, options))) throw new HttpError(409, `Run '${id}' is ${run.status}; only a running run can be cancelled.`);
      return { cancelled: true };
    }
    const ended =
      action === 'retry'
        ? await workflows.retry(id, options)
        : action === 'compensate'
          ? await workflows.compensate(id, options)
          : await workflows.resumeRun(id, options);
    return { run: runDetail(ended) };
  });
}

/** Performs an action, maps its BatonError to an HTTP answer, and tells the live streams (the audit log changed). */
async function act(context: AdminContext, action: string, target: string, perform: () => Promise<unknown>): Promise<unknown> {
  try {
    return await perform();
  } catch (error) {
    throw mapError(error);
  } finally {
    context.live.publish('audit', { action, target });
    if (action === 'pause' || action === 'resume') context.live.publish(`workflow.${action}d`, { workflow: target });
  }
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
    case 'BATON_ERR_WORKFLOW_INVALID_OPTIONS':
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
    if (!allowed.includes(key))
      throw new HttpError(
        400,
        `Unknown field '${key.slice(0, 64)}'${allowed.length > 0 ? `; expected ${allowed.join(', ')}` : '; this action takes no body'}.`,
      );
  }
}

function readUntil(context: AdminContext, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, "'until' must be an ISO 8601 date or epoch milliseconds.");
  const until = typeof value === 'number' ? value : parseInstant(value, "'until'");
  if (!Number.isFinite(until) || until <= context.now()) throw new HttpError(400, "'until' must be in the future.");
  return until;
}
