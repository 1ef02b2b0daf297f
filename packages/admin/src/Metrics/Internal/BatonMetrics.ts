// Baton's Prometheus metrics: created (and registered) when `instrument()` is called, fed by the Workflows events
// while the host runs, and by the host's service states at each scrape.
import { BatonError, BatonErrorCode, type Workflows } from '@baton/core';
import type { HostedServiceInfo, HostedServiceState } from '@baton/host';
import { BatonMetricNames as Names } from '../BatonMetricNames.js';
import { Counter, Gauge, Histogram, type Registry } from './prometheus.js';

/** Run and step durations: from 5 ms to 8 hours (prom-client's defaults stop at 10 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800];
/** How late a tick fired after its slot: from 1 ms to an hour. */
const LATENESS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];
const MAX_CLAIMING = 10_000;
const SERVICE_STATES: readonly HostedServiceState[] = ['starting', 'running', 'waiting', 'degraded', 'faulted', 'stopping', 'stopped'];

/** The metrics of one instrumented host. */
export class BatonMetrics {
  readonly registry: Registry;
  readonly #runs: Counter<'workflow' | 'status' | 'trigger'>;
  readonly #runDuration: Histogram<'workflow' | 'status'>;
  readonly #stepDuration: Histogram<'workflow' | 'step' | 'status'>;
  readonly #ticks: Counter<'workflow' | 'outcome'>;
  readonly #tickLateness: Histogram<'workflow'>;
  readonly #recoveries: Counter<'workflow' | 'mode'>;
  /** Runs in flight here: run id → workflow (the id never becomes a label). */
  readonly #inFlight = new Map<string, string>();
  /** Every workflow seen, so that runs in flight reads 0 rather than vanishing. */
  readonly #workflows = new Set<string>();
  /** Restarts already counted, by service, so that the counter only ever grows by the host's new restarts. */
  readonly #restartsSeen = new Map<string, number>();
  /**
   * Ticks fired here and not yet claimed: `<workflow>@<slot>` → whether it is a catch-up. A tick counts as `fired`
   * (or `caught_up`) once its run starts here, and as `not_elected` when another replica has it.
   */
  readonly #claiming = new Map<string, boolean>();
  #services: () => readonly HostedServiceInfo[] = () => [];

  /** @throws BATON_ERR_ADMIN_METRICS_CONFLICT when `registry` already holds a metric of the same name. */
  constructor(registry: Registry) {
    this.registry = registry;
    const registers = [registry];
    const metrics = this;
    try {
      this.#runs = new Counter({
        name: Names.runs,
        help: 'Runs that ended, by workflow, final status and trigger.',
        labelNames: ['workflow', 'status', 'trigger'],
        registers,
      });
      this.#runDuration = new Histogram({
        name: Names.runDuration,
        help: 'How long runs took, from start to their final record, by workflow and final status.',
        labelNames: ['workflow', 'status'],
        buckets: DURATION_BUCKETS,
        registers,
      });
      this.#stepDuration = new Histogram({
        name: Names.stepDuration,
        help: 'How long steps took, all attempts included, by workflow, step and final status.',
        labelNames: ['workflow', 'step', 'status'],
        buckets: DURATION_BUCKETS,
        registers,
      });
      this.#ticks = new Counter({
        name: Names.ticks,
        help: 'Scheduled ticks by outcome: fired, skipped (overlap), not_elected (another replica has it), missed (dropped by the missed-run policy), caught_up.',
        labelNames: ['workflow', 'outcome'],
        registers,
      });
      this.#tickLateness = new Histogram({
        name: Names.tickLateness,
        help: 'How long after its slot a scheduled tick fired.',
        labelNames: ['workflow'],
        buckets: LATENESS_BUCKETS,
        registers,
      });
      new Gauge({
        name: Names.runsInFlight,
        help: 'Runs in flight in this process, by workflow.',
        labelNames: ['workflow'],
        registers,
        collect() {
          const counts = new Map<string, number>([...metrics.#workflows].map((workflow) => [workflow, 0]));
          for (const workflow of metrics.#inFlight.values()) counts.set(workflow, (counts.get(workflow) ?? 0) + 1);
          for (const [workflow, count] of counts) this.set({ workflow }, count);
        },
      });
      new Gauge({
        name: Names.serviceState,
        help: 'Each hosted service state: 1 for its current state, 0 for the others.',
        labelNames: ['service', 'state'],
        registers,
        collect() {
          for (const service of metrics.#services()) {
            for (const state of SERVICE_STATES) this.set({ service: service.name, state }, service.state === state ? 1 : 0);
          }
        },
      });
      new Counter({
        name: Names.serviceRestarts,
        help: 'Restarts of each hosted service under its restart policy.',
        labelNames: ['service'],
        registers,
        collect() {
          for (const { name, restarts } of metrics.#services()) {
            const seen = metrics.#restartsSeen.get(name) ?? 0;
            this.inc({ service: name }, Math.max(0, restarts - seen));
            metrics.#restartsSeen.set(name, Math.max(seen, restarts));
          }
        },
      });
      new Gauge({
        name: Names.leasesHeld,
        help: 'Whether this replica holds the lease of each singleton service (1) or stands by (0).',
        labelNames: ['service'],
        registers,
        collect() {
          for (const { name, singleton } of metrics.#services()) if (singleton !== undefined) this.set({ service: name }, singleton.holdsLease ? 1 : 0);
        },
      });
      this.#recoveries = new Counter({
        name: Names.recoveries,
        help: 'Runs taken over after their owner died, by workflow and how they go on (resume, restart, fail, compensate, abandon).',
        labelNames: ['workflow', 'mode'],
        registers,
      });
    } catch (error) {
      throw new BatonError(
        BatonErrorCode.AdminMetricsConflict,
        `Cannot register Baton's metrics: ${error instanceof Error ? error.message : String(error)}. Instrument each registry once (or give each host a registry of its own).`,
        { cause: error },
      );
    }
  }

  /** Reads the hosted services at each scrape. */
  watchServices(services: () => readonly HostedServiceInfo[]): void {
    this.#services = services;
  }

  /** Counts the workflows' events; returns the unsubscribe function. */
  subscribe(workflows: Workflows): () => void {
    void workflows.list().then(
      (infos) => infos.forEach((info) => this.#workflows.add(info.name)),
      () => {},
    );
    const unsubscribe = [
      workflows.on('run.started', ({ run }) => {
        this.#workflows.add(run.workflow);
        this.#inFlight.set(run.id, run.workflow);
        if (run.trigger !== 'schedule') return;
        const key = `${run.workflow}@${run.scheduledAt}`;
        const catchUp = this.#claiming.get(key);
        if (catchUp === undefined) return;
        this.#claiming.delete(key);
        this.#ticks.inc({ workflow: run.workflow, outcome: catchUp ? 'caught_up' : 'fired' });
      }),
      workflows.on('run.finished', ({ run, durationMs }) => {
        this.#inFlight.delete(run.id);
        this.#runs.inc({ workflow: run.workflow, status: run.status, trigger: run.trigger });
        this.#runDuration.observe({ workflow: run.workflow, status: run.status }, durationMs / 1000);
      }),
      workflows.on('run.fenced', ({ runId }) => void this.#inFlight.delete(runId)),
      workflows.on('run.recovered', ({ run, mode }) => this.#recoveries.inc({ workflow: run.workflow, mode })),
      workflows.on('step.finished', ({ workflow, step, durationMs, record }) =>
        this.#stepDuration.observe({ workflow, step, status: record.status }, durationMs / 1000),
      ),
      workflows.on('tick.fired', ({ workflow, scheduledAt, lateByMs, catchUp }) => {
        this.#claim(`${workflow}@${scheduledAt}`, catchUp === true);
        this.#tickLateness.observe({ workflow }, lateByMs / 1000);
      }),
      workflows.on('tick.skipped', ({ workflow, scheduledAt, reason }) => {
        this.#claiming.delete(`${workflow}@${scheduledAt}`);
        if (reason === 'overlap') {
          this.#ticks.inc({ workflow, outcome: 'skipped' });
          // The engine records an overlap skip as a `skipped` run.
          this.#runs.inc({ workflow, status: 'skipped', trigger: 'schedule' });
        } else {
          this.#ticks.inc({ workflow, outcome: 'not_elected' });
        }
      }),
      workflows.on('tick.missed', ({ workflow, slots }) => this.#ticks.inc({ workflow, outcome: 'missed' }, slots)),
    ];
    return () => unsubscribe.forEach((off) => off());
  }

  #claim(key: string, catchUp: boolean): void {
    // A tick whose claim never resolved (the store failed) is forgotten past this many, oldest first.
    if (this.#claiming.size >= MAX_CLAIMING) this.#claiming.delete(this.#claiming.keys().next().value!);
    this.#claiming.set(key, catchUp);
  }
}
