import { AuditLog, Clock, InstanceRegistry, type ServiceKey, Workflows } from '@baton/core';
import type { Host } from '@baton/host';
import { dashboardAssets, dashboardPage } from '../../Dashboard/Internal/dashboardPage.js';
import type { Admin } from '../Admin.js';
import type { AdminRequest } from '../AdminRequest.js';
import type { AdminBodyResponse, AdminResponse } from '../AdminResponse.js';
import type { ResolvedAdminOptions } from './resolveAdminOptions.js';
import { bulk, pauseWorkflow, resumeWorkflow, runAction, triggerWorkflow } from './actionRoutes.js';
import type { AdminContext } from './AdminContext.js';
import { BearerToken } from './BearerToken.js';
import { HttpError } from './HttpError.js';
import { LiveEvents } from './LiveEvents.js';
import { listInstances, listServices, listWorkflows, readAudit, readOverview, readRun, readTicks, searchRuns } from './readRoutes.js';
import { readJsonObject } from './readBody.js';
import { TickLedger } from './TickLedger.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const RUN_EVENTS = [
  'run.started',
  'run.finished',
  'run.recovered',
  'step.started',
  'step.finished',
  'step.retried',
  'compensation.started',
  'compensation.finished',
] as const;

/** The framework-free admin: routes a request to a read or an action, after the token and read-only checks. */
export class AdminCore implements Admin {
  readonly prefix: string;
  readonly #host: Host;
  readonly #options: ResolvedAdminOptions;
  readonly #token: BearerToken | undefined;
  readonly #context: AdminContext;
  readonly #live = new LiveEvents();
  readonly #offs: (() => void)[] = [];
  #workflows: Workflows | undefined;
  #attached = false;
  #closed = false;

  constructor(host: Host, options: ResolvedAdminOptions) {
    this.prefix = options.prefix;
    this.#host = host;
    this.#options = options;
    this.#token = options.token === undefined ? undefined : new BearerToken(options.token);
    const now = (): number => this.#clock()?.now() ?? Date.now();
    let startedAt: number | undefined;
    this.#context = {
      host,
      workflows: () => this.#attach(),
      audit: () => this.#resolve(AuditLog),
      instances: () => this.#resolve(InstanceRegistry),
      now,
      startedAt: () => startedAt,
      ledger: new TickLedger(options.tickLedgerSize, options.lateAfterMs, now, (entry) => this.#live.publish('tick', entry)),
      live: this.#live,
    };
    const onStarted = (): void => {
      startedAt = now();
      this.#attach();
    };
    const onStopping = (): void => this.close();
    host.on('started', onStarted).on('stopping', onStopping);
    this.#offs.push(() => host.off('started', onStarted).off('stopping', onStopping));
    if (host.state === 'running') onStarted();
  }

  async handle(request: AdminRequest): Promise<AdminResponse | undefined> {
    const url = new URL(request.url, 'http://admin.invalid');
    const path = url.pathname;
    if (path !== this.prefix && !path.startsWith(`${this.prefix}/`)) return undefined;
    const rest = path.slice(this.prefix.length) || '/';
    const method = request.method.toUpperCase();
    try {
      return await this.#route(method, rest, url.searchParams, request);
    } catch (error) {
      if (error instanceof HttpError) return json(error.status, { error: error.message }, error.headers);
      return json(500, { error: `The admin API failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#live.close();
    for (const off of this.#offs.splice(0)) off();
  }

  async #route(method: string, rest: string, search: URLSearchParams, request: AdminRequest): Promise<AdminResponse> {
    const context = this.#context;
    if (rest === '/' || rest === '/index.html') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'Use GET.', { allow: 'GET' });
      return page(this.#options.title ?? this.#host.name, this.prefix);
    }
    const segments = rest.split('/').filter(Boolean).map(decodeSegment);
    const observability = this.#observability(rest, method, request);
    if (observability !== undefined) return observability;
    if (segments[0] === 'assets' && segments.length === 2 && (method === 'GET' || method === 'HEAD')) {
      const asset = Object.hasOwn(dashboardAssets, segments[1]!) ? dashboardAssets[segments[1]!] : undefined;
      if (asset === undefined) throw new HttpError(404, 'No such asset.');
      return {
        kind: 'body',
        status: 200,
        headers: { 'content-type': asset.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
        body: asset.body,
      };
    }
    if (segments[0] !== 'api') throw new HttpError(404, `Nothing at '${rest.slice(0, 100)}' under ${this.prefix || '/'}.`);
    const [, resource, id, verb, ...extra] = segments;
    if (extra.length > 0) throw new HttpError(404, 'No such route.');

    if (method === 'GET') {
      this.#authoriseRead(request);
      if (resource === 'session' && id === undefined) return json(200, this.#session());
      if (resource === 'overview' && id === undefined) return json(200, await readOverview(context));
      if (resource === 'workflows' && id === undefined) return json(200, await listWorkflows(context));
      if (resource === 'services' && id === undefined) return json(200, listServices(context));
      if (resource === 'runs' && id === undefined) return json(200, await searchRuns(context, search));
      if (resource === 'runs' && id !== undefined && verb === undefined) return json(200, await readRun(context, id));
      if (resource === 'ticks' && id === undefined) return json(200, await readTicks(context, search));
      if (resource === 'instances' && id === undefined) return json(200, await listInstances(context));
      if (resource === 'audit' && id === undefined) return json(200, await readAudit(context, search));
      if (resource === 'events' && id === undefined) return this.#events();
      throw new HttpError(404, 'No such route.');
    }
    if (method !== 'POST') throw new HttpError(405, 'Reads use GET and actions use POST.', { allow: 'GET, POST' });

    const isAction =
      (resource === 'workflows' && id !== undefined && (verb === 'trigger' || verb === 'pause' || verb === 'resume')) ||
      (resource === 'workflows' && (id === 'pause' || id === 'resume') && verb === undefined) ||
      (resource === 'runs' && id !== undefined && (verb === 'cancel' || verb === 'retry' || verb === 'compensate' || verb === 'resume'));
    if (!isAction) throw new HttpError(404, 'No such action.');
    this.#authoriseAction(request);
    const action = { actor: this.#options.actor(request), body: await readJsonObject(request.body, this.#options.bodyLimit) };
    if (resource === 'workflows' && verb === undefined) return json(200, await bulk(context, id as 'pause' | 'resume', action));
    if (resource === 'workflows' && verb === 'trigger') return json(202, await triggerWorkflow(context, id!, action, traceContextOf(request)));
    if (resource === 'workflows' && verb === 'pause') return json(200, await pauseWorkflow(context, id!, action));
    if (resource === 'workflows' && verb === 'resume') return json(200, await resumeWorkflow(context, id!, action));
    return json(200, await runAction(context, id!, verb as 'cancel' | 'retry' | 'compensate' | 'resume', action));
  }

  /**
   * `GET <prefix>/health/live`, `/health/ready` and `/metrics`, from the `instrumentation` option (`instrument()`).
   * The probes stay open (a kubelet sends no token); `/metrics` is protected with the other reads.
   */
  #observability(rest: string, method: string, request: AdminRequest): Promise<AdminResponse> | undefined {
    const instrumentation = this.#options.instrumentation;
    if (instrumentation === undefined || (method !== 'GET' && method !== 'HEAD')) return undefined;
    const handler =
      rest === '/health/live'
        ? instrumentation.liveness
        : rest === '/health/ready'
          ? instrumentation.readiness
          : rest === '/metrics'
            ? instrumentation.metrics
            : undefined;
    if (handler === undefined) return undefined;
    if (rest === '/metrics') this.#authoriseRead(request);
    return handler({ method, url: request.url, headers: request.headers }).then((answer) => ({
      kind: 'body',
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
    }));
  }

  #authoriseRead(request: AdminRequest): void {
    if (!this.#options.protectReads) return;
    if (this.#token === undefined || !this.#token.accepts(request)) throw unauthorised();
  }

  #authoriseAction(request: AdminRequest): void {
    if (this.#options.readOnly) throw new HttpError(403, 'The admin API is read-only: actions are disabled.');
    if (this.#token === undefined) throw new HttpError(403, 'Actions are disabled: no admin token is configured.');
    if (!this.#token.accepts(request)) throw unauthorised();
  }

  #session(): Record<string, unknown> {
    const actions = this.#options.readOnly ? 'read-only' : this.#token === undefined ? 'disabled' : 'token';
    return { actions, protectReads: this.#options.protectReads, host: this.#host.name, prefix: this.prefix };
  }

  #events(): AdminResponse {
    return {
      kind: 'events',
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' },
      open: (sink) => {
        if (this.#closed) {
          sink.end();
          return () => {};
        }
        return this.#live.open(sink);
      },
    };
  }

  #clock(): Clock | undefined {
    return this.#resolve(Clock);
  }

  /** A service of the started host's provider, or `undefined` before start (or when it is not bound). */
  #resolve<T>(key: ServiceKey<T>): T | undefined {
    if (this.#host.state === 'created') return undefined;
    try {
      return this.#host.provider.tryGet(key);
    } catch {
      return undefined;
    }
  }

  /** The host's Workflows, subscribed to once: the tick ledger and the live events listen from the first call. */
  #attach(): Workflows | undefined {
    if (this.#workflows !== undefined) return this.#workflows;
    if (this.#host.state === 'created' || this.#host.state === 'starting') return undefined;
    let workflows: Workflows | undefined;
    try {
      workflows = this.#host.provider.tryGet(Workflows);
    } catch {
      return undefined;
    }
    if (workflows === undefined) return undefined;
    this.#workflows = workflows;
    if (!this.#attached && !this.#closed) {
      this.#attached = true;
      this.#offs.push(this.#context.ledger.attach(workflows));
      for (const event of RUN_EVENTS) {
        this.#offs.push(
          workflows.on(event, (payload) => {
            const run = (payload as { run?: { id: string; workflow: string; status: string } }).run;
            const { workflow, runId, step } = payload as { workflow?: string; runId?: string; step?: string };
            this.#live.publish(event, run === undefined ? { workflow, runId, step } : { workflow: run.workflow, runId: run.id, status: run.status });
          }),
        );
      }
    }
    return workflows;
  }
}

function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): AdminBodyResponse {
  return { kind: 'body', status, headers: { ...JSON_HEADERS, ...headers }, body: `${JSON.stringify(body)}\n` };
}

function page(title: string, prefix: string): AdminBodyResponse {
  return {
    kind: 'body',
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
    body: dashboardPage(title, prefix),
  };
}

function unauthorised(): HttpError {
  return new HttpError(401, 'A valid admin token is required: send Authorization: Bearer <token>.', { 'www-authenticate': 'Bearer realm="baton-admin"' });
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The request's W3C trace-context headers, when `traceparent` is well formed (a malformed one is ignored). */
function traceContextOf(request: AdminRequest): Readonly<Record<string, string>> | undefined {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return typeof value === 'string' ? value.trim() : undefined;
  };
  const traceparent = header('traceparent');
  if (traceparent === undefined || !TRACEPARENT.test(traceparent)) return undefined;
  const tracestate = header('tracestate');
  return tracestate === undefined || tracestate.length > 512 ? { traceparent } : { traceparent, tracestate };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `Malformed path segment '${segment.slice(0, 64)}'.`);
  }
}
