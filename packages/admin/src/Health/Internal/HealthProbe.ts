// The liveness and readiness probes: hosted services from `host.hostedServices()`, workflows from `Workflows.list()`
// and their last success, and the host's own health checks from `host.health({ tags })`. Never rejects.
import { Clock, toError, Workflows, type RunStatus, type WorkflowInfo } from '@baton/core';
import type { HealthReportEntry, Host, HostedServiceInfo, HostedServiceState } from '@baton/host';
import type { HealthCheckDetail } from '../HealthCheckDetail.js';
import type { ProbeKind } from '../ProbeKind.js';
import { formatDuration } from './formatDuration.js';
import { worstStatus, type ProbeResult, type ProbeStatus } from './ProbeResult.js';

/** The health options, validated, with their defaults. */
export interface ResolvedHealthOptions {
  readonly format: 'ietf' | 'terminus';
  readonly staleAfterPeriods: number;
  readonly livenessTags: readonly string[];
  readonly readinessTags: readonly string[] | undefined;
}

/** Runs that ended without doing their work: the workflow warns (a failed run alone does not fail readiness). */
const UNSUCCESSFUL: ReadonlySet<RunStatus> = new Set(['failed', 'compensated', 'compensation_failed', 'timed_out', 'abandoned']);
/** The host's built-in report entries, replaced here by one check per service and per workflow. */
const BUILT_IN_ENTRIES: ReadonlySet<string> = new Set(['host', 'workflows']);

export class HealthProbe {
  readonly #host: Host;
  readonly #options: ResolvedHealthOptions;
  /** When the host's services started (epoch ms, host's Clock); the staleness of a workflow with no success counts from it. */
  #startedAt: number | undefined;

  constructor(host: Host, options: ResolvedHealthOptions) {
    this.#host = host;
    this.#options = options;
  }

  get options(): ResolvedHealthOptions {
    return this.#options;
  }

  /** Called when the host starts its services. */
  started(at: number): void {
    this.#startedAt = at;
  }

  async probe(kind: ProbeKind, signal: AbortSignal | undefined): Promise<ProbeResult> {
    const host = this.#host;
    const state = host.state;
    // Before start, the Clock is not resolvable yet: the wall clock dates the answer.
    const now = state === 'running' ? host.provider.get(Clock).now() : Date.now();
    const time = new Date(now).toISOString();
    const checks = new Map<string, HealthCheckDetail>();
    if (kind === 'readiness' && (state === 'stopping' || state === 'stopped')) {
      // At once, without running a check: the load balancer stops sending traffic while the host drains.
      return { kind, status: 'fail', output: 'shutting_down', shuttingDown: true, checks };
    }
    for (const service of host.hostedServices()) checks.set(`service:${service.name}`, serviceCheck(service, time));
    if (state === 'running') {
      if (kind === 'readiness') for (const [key, detail] of await this.#workflowChecks(now, time)) checks.set(key, detail);
      const tags = kind === 'liveness' ? this.#options.livenessTags : this.#options.readinessTags;
      const report = await host.health({ ...(tags !== undefined && { tags }), ...(signal !== undefined && { signal }) });
      for (const [name, entry] of Object.entries(report.entries)) if (!BUILT_IN_ENTRIES.has(name)) checks.set(name, hostCheck(name, entry, time));
    }
    const status = worstStatus([...checks.values()].map((detail) => detail.status));
    if (kind === 'readiness' && (state === 'created' || state === 'starting')) return { kind, status: 'fail', output: 'starting', shuttingDown: false, checks };
    if (kind === 'liveness' && state === 'stopped') return { kind, status: 'fail', output: 'stopped', shuttingDown: true, checks };
    const output =
      status === 'pass'
        ? undefined
        : `${status}: ${[...checks]
            .filter(([, detail]) => detail.status === status)
            .map(([key]) => key)
            .join(', ')}`;
    return { kind, status, ...(output !== undefined && { output }), shuttingDown: false, checks };
  }

  async #workflowChecks(now: number, time: string): Promise<Map<string, HealthCheckDetail>> {
    const checks = new Map<string, HealthCheckDetail>();
    const workflows = this.#host.provider.tryGet(Workflows);
    if (workflows === undefined) return checks;
    for (const info of await workflows.list()) checks.set(`workflow:${info.name}`, await this.#workflowCheck(workflows, info, now, time));
    return checks;
  }

  async #workflowCheck(workflows: Workflows, info: WorkflowInfo, now: number, time: string): Promise<HealthCheckDetail> {
    const base = { componentType: 'workflow' } as const;
    if (info.state === 'waiting') {
      return { ...base, status: 'warn', observedValue: 'degraded', output: `Waiting for late bindings: ${info.missing.join(', ')}.`, time };
    }
    let lastSuccessAt: number | undefined;
    try {
      const success = (await workflows.runs({ workflow: info.name, status: ['succeeded'], limit: 1 })).runs[0];
      lastSuccessAt = success === undefined ? undefined : (success.finishedAt ?? success.startedAt);
    } catch (error) {
      return { ...base, status: 'warn', observedValue: stateOf(info), output: `Could not read its runs: ${toError(error).message}`, time };
    }
    const lastTime = lastSuccessAt === undefined ? time : new Date(lastSuccessAt).toISOString();
    const stale = this.#staleness(info, lastSuccessAt, now);
    if (stale !== undefined) return { ...base, status: 'fail', observedValue: 'degraded', output: stale, time: lastTime };
    const last = info.lastRun;
    if (last !== undefined && UNSUCCESSFUL.has(last.status)) {
      const why = last.error === undefined ? '' : `: ${last.error.message}`;
      return { ...base, status: 'warn', observedValue: stateOf(info), output: `Its last run ended ${last.status}${why}`, time: lastTime };
    }
    return { ...base, status: 'pass', observedValue: stateOf(info), time: lastTime };
  }

  /** Why the workflow is stale, or `undefined`: only a scheduled workflow (not paused, manual or finished) can be. */
  #staleness(info: WorkflowInfo, lastSuccessAt: number | undefined, now: number): string | undefined {
    const periodMs = info.periodMs;
    if (info.state !== 'scheduled' || periodMs === undefined) return undefined;
    const { staleAfterPeriods } = this.#options;
    const since = Math.max(lastSuccessAt ?? -Infinity, this.#startedAt ?? now);
    if (now - since <= staleAfterPeriods * periodMs) return undefined;
    const last = lastSuccessAt === undefined ? 'none since the host started' : `last success ${new Date(lastSuccessAt).toISOString()}`;
    return `No successful run within ${staleAfterPeriods} period${staleAfterPeriods === 1 ? '' : 's'} of ${formatDuration(periodMs)} (${last}).`;
  }
}

/** A workflow's state among the seven that services report too. */
function stateOf(info: WorkflowInfo): HostedServiceState {
  if (info.running > 0) return 'running';
  if (info.state === 'stopped') return 'stopped';
  if (info.lastRun !== undefined && UNSUCCESSFUL.has(info.lastRun.status)) return 'faulted';
  return 'waiting';
}

/** A faulted service fails both probes; one restarting warns. */
function serviceCheck(service: HostedServiceInfo, time: string): HealthCheckDetail {
  const base = { componentType: 'component', observedValue: service.state, time } as const;
  const lostAt = service.singleton?.lostAt;
  if (service.state === 'faulted' && lostAt !== undefined) {
    return {
      ...base,
      status: 'fail',
      output: `The service lost its singleton lease at ${new Date(lostAt).toISOString()} and its execute has not returned: it runs unfenced.`,
    };
  }
  if (service.state === 'faulted') return { ...base, status: 'fail', output: 'The service faulted and was given up on.' };
  if (service.state === 'degraded') return { ...base, status: 'warn', output: `The service faulted and is restarting (restart ${service.restarts}).` };
  return { ...base, status: 'pass' };
}

function hostCheck(name: string, entry: HealthReportEntry, time: string): HealthCheckDetail {
  const status: ProbeStatus = entry.status === 'healthy' ? 'pass' : entry.status === 'degraded' ? 'warn' : 'fail';
  const output = entry.error ?? entry.description;
  return {
    componentType: name.startsWith('postgres:') ? 'datastore' : 'system',
    status,
    ...(entry.data !== undefined && { observedValue: entry.data }),
    ...(output !== undefined && { output }),
    time,
  };
}
