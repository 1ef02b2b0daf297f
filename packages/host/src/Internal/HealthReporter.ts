// Builds a HealthReport: the built-in `host` and `workflows` entries plus the registered checks, all run at once,
// each under its own timeout on the host's Clock. Nothing a check does can make the report reject.
import { toError, type Clock, type Lease, type Workflows } from '@baton/core';
import type { HealthCheckResult } from '@baton/core';
import type { HealthReport, HealthReportEntry } from '../Health/HealthReport.js';
import type { HealthStatus } from '@baton/core';
import type { HostState } from '../HostState.js';
import { anySignal } from './anySignal.js';
import { ClockDeadline } from './ClockDeadline.js';
import { describeValue } from './describeValue.js';
import type { HealthCheckRegistry } from './HealthCheckRegistry.js';
import { invalidOptions } from './invalidOptions.js';
import { isCancellation } from './isCancellation.js';
import { settleWithin } from './settleWithin.js';

/** What the reporter reads from the host, each time a report is asked for. */
export interface HealthHost {
  readonly clock: Clock;
  readonly checks: HealthCheckRegistry;
  state(): HostState;
  /** Services that faulted and were given up on (under `onError: 'ignore'`, while running). */
  faulted(): readonly string[];
  /** Services waiting out a restart backoff or restarting. */
  restarting(): readonly string[];
  /** The singleton services, each with the lease it holds right now (`undefined` while it waits for it). */
  singletons(): readonly { readonly name: string; readonly lease: Lease | undefined }[];
  /** Whether a workflow is registered (the `Workflows` service is). */
  hasWorkflows(): boolean;
  /** The `Workflows` service; called only while the host is running. */
  workflows(): Workflows;
}

/** One check to run for a report. */
interface HealthRun {
  readonly name: string;
  readonly tags: readonly string[];
  readonly timeoutMs: number;
  check(signal: AbortSignal): HealthCheckResult | Promise<HealthCheckResult>;
}

const BUILT_IN_TIMEOUT_MS = 5_000;
/** How long the `workflows` entry waits for the run store's last runs: readiness must answer while the store is away. */
const STORE_READ_TIMEOUT_MS = 1_000;
const REPORT_OPTION_KEYS: ReadonlySet<string> = new Set(['tags', 'signal']);
const SEVERITY: Readonly<Record<HealthStatus, number>> = { healthy: 0, degraded: 1, unhealthy: 2 };

/** Runs the health checks of one host. */
export class HealthReporter {
  readonly #host: HealthHost;

  constructor(host: HealthHost) {
    this.#host = host;
  }

  /**
   * Runs `host`, `workflows` (when registered) and the registered checks selected by `options.tags`, concurrently.
   * Only while the host is running do checks other than `host` run; otherwise each is reported `unhealthy`
   * without being called (the services it would touch are not started, or are being disposed).
   * Rejects only for invalid options (`BATON_ERR_HOST_INVALID_OPTIONS`).
   */
  async report(options: unknown): Promise<HealthReport> {
    const { tags, signal } = readReportOptions(options);
    const host = this.#host;
    const selected = host.checks.select(tags);
    const state = host.state();
    const runs: HealthRun[] = [
      {
        name: 'host',
        tags: [],
        timeoutMs: BUILT_IN_TIMEOUT_MS,
        check: () => withSingletons(checkHost(state, host.faulted(), host.restarting()), host.singletons()),
      },
    ];
    if (host.hasWorkflows())
      runs.push({ name: 'workflows', tags: [], timeoutMs: BUILT_IN_TIMEOUT_MS, check: () => checkWorkflows(host.workflows(), host.clock) });
    runs.push(...selected);

    const clock = host.clock;
    const checkedAt = clock.now();
    const entries = await Promise.all(
      runs.map((run, index): HealthReportEntry | Promise<HealthReportEntry> =>
        // The host entry always runs; the others only while the host runs.
        index === 0 || state === 'running'
          ? runCheck(run, clock, signal)
          : { status: 'unhealthy', description: `Not checked: the host is ${state}.`, durationMs: 0, tags: run.tags },
      ),
    );
    const byName: Record<string, HealthReportEntry> = {};
    runs.forEach((run, index) => (byName[run.name] = entries[index]!));
    return { status: worst(entries.map((entry) => entry.status)), checkedAt, durationMs: clock.now() - checkedAt, entries: byName };
  }
}

/** Runs one check under its timeout; never rejects. */
async function runCheck(run: HealthRun, clock: Clock, signal: AbortSignal | undefined): Promise<HealthReportEntry> {
  const began = clock.now();
  const deadline = new ClockDeadline(clock, began + run.timeoutMs, `Health check '${run.name}' timed out after ${run.timeoutMs} ms.`);
  const checkSignal = anySignal([signal, deadline.signal]);
  // On a later microtask, so a synchronous throw becomes a rejection like any other.
  const settlement = await settleWithin(
    Promise.resolve().then(() => run.check(checkSignal)),
    checkSignal,
  );
  deadline.dispose();
  const durationMs = clock.now() - began;
  const tags = run.tags;
  if (settlement.status === 'fulfilled') {
    const invalid = describeInvalidResult(settlement.value);
    if (invalid === undefined) return { ...copyResult(settlement.value), durationMs, tags };
    return { status: 'unhealthy', durationMs, error: invalid, tags };
  }
  // A check that gives up on its aborted signal was cut short, like one that did not answer.
  if (settlement.status === 'abandoned' || (checkSignal.aborted && isCancellation(settlement.reason))) {
    const error = deadline.passed ? `Timed out after ${run.timeoutMs} ms.` : 'Cancelled: the signal given to health() aborted.';
    return { status: 'unhealthy', durationMs, error, tags };
  }
  return { status: 'unhealthy', durationMs, error: toError(settlement.reason).message, tags };
}

/**
 * The `host` entry: unhealthy unless running; degraded while a service has faulted (and was given up on under
 * `onError: 'ignore'`) or is restarting, since part of the app's work is not being done.
 */
function checkHost(state: HostState, faulted: readonly string[], restarting: readonly string[]): HealthCheckResult {
  if (state !== 'running') return { status: 'unhealthy', description: `The host is ${state}.`, data: { state } };
  if (faulted.length === 0 && restarting.length === 0) return { status: 'healthy', description: 'The host is running.', data: { state } };
  const parts = [
    faulted.length > 0 ? `${quoteList(faulted)} faulted and stopped; the other services keep running` : undefined,
    restarting.length > 0 ? `${quoteList(restarting)} ${restarting.length === 1 ? 'is' : 'are'} restarting` : undefined,
  ].filter((part) => part !== undefined);
  return {
    status: 'degraded',
    description: `The host is running, but ${parts.join(', and ')}.`,
    data: { state, ...(faulted.length > 0 && { faulted: [...faulted] }), ...(restarting.length > 0 && { restarting: [...restarting] }) },
  };
}

/**
 * Adds `data.singletons` to the `host` entry when there are singleton services: for each, whether this replica holds
 * its lease (`holdsLease`), with the key and fence when it does. A replica waiting for a lease is healthy: it is a standby.
 */
function withSingletons(result: HealthCheckResult, singletons: readonly { readonly name: string; readonly lease: Lease | undefined }[]): HealthCheckResult {
  if (singletons.length === 0) return result;
  const data: Record<string, { holdsLease: boolean; key?: string; fence?: number }> = {};
  for (const { name, lease } of singletons) data[name] = lease === undefined ? { holdsLease: false } : { holdsLease: true, key: lease.key, fence: lease.fence };
  return { ...result, data: { ...result.data, singletons: data } };
}

/**
 * The `workflows` entry: degraded while the scheduler is overloaded (ticks run late), while a workflow waits for a
 * late binding, naming it and its missing tokens, and while the run store does not answer (its last runs are read
 * within {@link STORE_READ_TIMEOUT_MS}, so that the entry does not wait out a store that retries through an outage).
 * Otherwise its data gives each workflow's state, last run and missed slots (those its missed-run policy dropped since
 * the host started, when there are any).
 */
async function checkWorkflows(workflows: Workflows, clock: Clock): Promise<HealthCheckResult> {
  const lag = workflows.lag();
  if (lag.overloaded) {
    return {
      status: 'degraded',
      description: `The workflow scheduler is overloaded: ${lag.due} tick${lag.due === 1 ? '' : 's'} due, the earliest ${lag.lateByMs} ms late; missed slots follow each workflow's missed-run policy.`,
      data: { overloaded: true, lateByMs: lag.lateByMs, due: lag.due },
    };
  }
  const deadline = new ClockDeadline(clock, clock.now() + STORE_READ_TIMEOUT_MS, 'The run store did not answer.');
  const read = await settleWithin(workflows.list(), deadline.signal);
  deadline.dispose();
  if (read.status === 'abandoned') {
    return {
      status: 'degraded',
      description: `The run store did not answer within ${STORE_READ_TIMEOUT_MS} ms: the workflows' last runs are not known; runs carry on once it is back.`,
      data: { storeReachable: false },
    };
  }
  if (read.status === 'rejected') throw read.reason;
  const infos = read.value;
  const waiting: Record<string, readonly string[]> = {};
  const states: Record<string, { state: string; lastRun?: string; missedSlots?: number }> = {};
  for (const info of infos) {
    if (info.state === 'waiting') waiting[info.name] = [...info.missing];
    states[info.name] = {
      state: info.state,
      ...(info.lastRun !== undefined && { lastRun: info.lastRun.status }),
      // Slots the missed-run policy dropped since the host started (an overload, a stall, a store that failed a claim).
      ...(info.missedSlots > 0 && { missedSlots: info.missedSlots }),
    };
  }
  const names = Object.keys(waiting);
  if (names.length === 0) {
    return {
      status: 'healthy',
      description: `${infos.length} workflow${infos.length === 1 ? '' : 's'} registered; none waiting.`,
      data: { workflows: states },
    };
  }
  const detail = names.map((name) => `'${name}' (missing ${waiting[name]!.join(', ')})`).join(', ');
  return {
    status: 'degraded',
    description: `${names.length} of ${infos.length} workflows ${names.length === 1 ? 'is' : 'are'} waiting for a binding: ${detail}. Bind it with Workflows.bindLate().`,
    data: { waiting, workflows: states },
  };
}

function readReportOptions(options: unknown): { tags: unknown; signal: AbortSignal | undefined } {
  if (options === undefined) return { tags: undefined, signal: undefined };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptions(`health() options must be an object { tags?, signal? }; got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!REPORT_OPTION_KEYS.has(key)) throw invalidOptions(`Unknown health() option '${key}'; expected tags or signal.`);
  }
  const { tags, signal } = options as { tags?: unknown; signal?: unknown };
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw invalidOptions(`health() option signal must be an AbortSignal; got ${describeValue(signal)}.`);
  return { tags, signal };
}

/** Why `value` is not a HealthCheckResult, or `undefined` when it is one. */
function describeInvalidResult(value: unknown): string | undefined {
  const result = value as Partial<Record<keyof HealthCheckResult, unknown>> | null;
  const valid =
    typeof result === 'object' &&
    result !== null &&
    typeof result.status === 'string' &&
    Object.hasOwn(SEVERITY, result.status) &&
    (result.description === undefined || typeof result.description === 'string') &&
    (result.data === undefined || (typeof result.data === 'object' && result.data !== null && !Array.isArray(result.data)));
  if (valid) return undefined;
  return `The check returned ${describeValue(value)}, not { status: 'healthy' | 'degraded' | 'unhealthy', description?: string, data?: object }.`;
}

/** The result's own fields only, leaving out absent ones. */
function copyResult({ status, description, data }: HealthCheckResult): HealthCheckResult {
  return { status, ...(description !== undefined && { description }), ...(data !== undefined && { data }) };
}

function worst(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worse, status) => (SEVERITY[status] > SEVERITY[worse] ? status : worse), 'healthy');
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}
