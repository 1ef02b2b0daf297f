import {
  BackgroundService,
  BatonError,
  BatonErrorCode,
  Coordinator,
  defineWorkflow,
  every,
  InMemoryCoordinator,
  InMemoryRunStore,
  NullLogger,
  RunStore,
  Workflows,
  type MissedPolicy,
  type Workflow,
} from '@baton/core';
import { createHost, type Host } from '@baton/host';
import { ManualClock } from '@baton/testing';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from '../Instrumentation/instrument.js';
import type { Instrumentation } from '../Instrumentation/Instrumentation.js';

/** Runs until stopped. */
class Worker extends BackgroundService {
  protected async execute(signal: AbortSignal): Promise<void> {
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  }
}

/** Throws once its test tells it to. */
class Flaky extends BackgroundService {
  fail: ((error: Error) => void) | undefined;
  protected execute(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      this.fail = reject;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}

/** Scrapes through the handler and parses the text with a real Prometheus text-format parser. */
async function scrape(observability: Instrumentation): Promise<Map<string, PrometheusFamily>> {
  const response = await observability.metrics({ method: 'GET', url: '/metrics' });
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusTextFormat(response.body).map((family) => [family.name, family]));
}

/** The value of the sample of `name` whose labels include `labels`. */
function value(families: Map<string, PrometheusFamily>, name: string, labels: Record<string, string>): number | undefined {
  const sample = families.get(name)?.metrics.find((metric) => Object.entries(labels).every(([key, wanted]) => metric.labels?.[key] === wanted));
  return sample?.value === undefined ? undefined : Number(sample.value);
}

/** One series of a histogram, from the registry's JSON: cumulative buckets by `le`, count and sum. */
async function histogram(observability: Instrumentation, name: string, labels: Record<string, string>) {
  const metric = (await observability.registry!.getMetricsAsJSON()).find((entry) => entry.name === name);
  const matches = (sample: { labels: Record<string, unknown> }) => Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted);
  const samples = (metric?.values ?? []).filter((sample) => matches(sample as { labels: Record<string, unknown> }));
  const buckets: Record<string, number> = {};
  let count: number | undefined;
  let sum: number | undefined;
  for (const sample of samples) {
    const { metricName, labels: sampleLabels, value: sampleValue } = sample as { metricName?: string; labels: Record<string, unknown>; value: number };
    if (metricName === `${name}_bucket`) buckets[String(sampleLabels['le'])] = sampleValue;
    else if (metricName === `${name}_count`) count = sampleValue;
    else if (metricName === `${name}_sum`) sum = sampleValue;
  }
  return { buckets, count, sum };
}

describe('metrics', () => {
  const hosts: Host[] = [];
  afterEach(async () => {
    for (const host of hosts.splice(0)) if (host.state !== 'created' && host.state !== 'stopped') await host.stop();
  });

  function newHost(clock = new ManualClock({ start: '2026-01-01T00:00:00Z' }), name = 'shop'): { host: Host; clock: ManualClock } {
    const host = createHost({ name, logger: NullLogger, clock, onError: 'ignore' });
    hosts.push(host);
    return { host, clock };
  }

  it('should count runs, steps and ticks by workflow, status and trigger, with duration buckets up to hours and no run id in any label', async () => {
    const { host, clock } = newHost();
    let fail = false;
    const sync = defineWorkflow('sync')
      .schedule(every('1m'))
      .step('pull', ({ signal }) => clock.sleep(2_000, signal))
      .step('push', () => {
        if (fail) throw new Error('push refused');
        return 1;
      });
    host.addWorkflow(sync as Workflow<unknown, unknown>);
    const observability = instrument(host);
    await host.start();
    await clock.advance('90s'); // ticks at 0 and 60 s succeed
    fail = true;
    await clock.advance('1m'); // the tick at 120 s fails
    const triggered = host.provider.get(Workflows).trigger('sync');
    await clock.advance('3s'); // half-open: the step's 2 s sleep ends inside it
    const manual = await triggered;

    const families = await scrape(observability);

    expect(value(families, 'baton_runs_total', { workflow: 'sync', status: 'succeeded', trigger: 'schedule' })).toBe(2);
    expect(value(families, 'baton_runs_total', { workflow: 'sync', status: 'failed', trigger: 'schedule' })).toBe(1);
    expect(value(families, 'baton_runs_total', { workflow: 'sync', status: 'failed', trigger: 'manual' })).toBe(1);
    expect(value(families, 'baton_ticks_total', { workflow: 'sync', outcome: 'fired' })).toBe(3);
    expect(value(families, 'baton_runs_in_flight', { workflow: 'sync' })).toBe(0);

    // The parser reads every family and its type, but folds a labelled histogram into one unlabelled series: the
    // buckets of each series are read from the same registry as JSON.
    expect(families.get('baton_run_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(families.get('baton_step_duration_seconds')?.type).toBe('HISTOGRAM');
    const runDuration = await histogram(observability, 'baton_run_duration_seconds', { workflow: 'sync', status: 'succeeded' });
    expect(runDuration).toMatchObject({ count: 2, sum: 4, buckets: { '1': 0, '2.5': 2, '3600': 2, '28800': 2 } });
    const pull = await histogram(observability, 'baton_step_duration_seconds', { workflow: 'sync', step: 'pull', status: 'succeeded' });
    expect(pull).toMatchObject({ count: 4, sum: 8 });
    expect(families.get('baton_tick_lateness_seconds')?.type).toBe('HISTOGRAM');

    const labelValues = [...families.values()].flatMap((family) => family.metrics.flatMap((metric) => Object.values(metric.labels ?? {})));
    expect(labelValues).not.toContain(manual.id);
    expect(labelValues.filter((label) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(label))).toStrictEqual([]);
  });

  it('should count overlap skips as skipped ticks (and skipped runs), and a busy replica as not elected', async () => {
    const clock = new ManualClock({ start: '2026-01-01T00:00:00Z' });
    const store = new InMemoryRunStore();
    const coordinator = new InMemoryCoordinator(clock);
    const slow = defineWorkflow('slow')
      .schedule(every('1m'))
      .step('work', ({ signal }) => clock.sleep(150_000, signal));
    const replicas = ['a', 'b'].map((name) => {
      const { host } = newHost(clock, name);
      host.services.addSingleton(RunStore, { useValue: store }).addSingleton(Coordinator, { useValue: coordinator });
      host.addWorkflow(slow as Workflow<unknown, unknown>);
      return { host, observability: instrument(host) };
    });
    for (const { host } of replicas) await host.start();

    await clock.advance('130s'); // slot 0 runs for 150 s on one replica; slots 60 and 120 are overlap-skipped

    const [a, b] = await Promise.all(replicas.map(({ observability }) => scrape(observability)));
    const total = (outcome: string) =>
      (value(a!, 'baton_ticks_total', { workflow: 'slow', outcome }) ?? 0) + (value(b!, 'baton_ticks_total', { workflow: 'slow', outcome }) ?? 0);
    expect(total('fired')).toBe(1);
    expect(total('not_elected')).toBeGreaterThanOrEqual(1);
    expect(total('skipped')).toBeGreaterThanOrEqual(1);
    const inFlight = (value(a!, 'baton_runs_in_flight', { workflow: 'slow' }) ?? 0) + (value(b!, 'baton_runs_in_flight', { workflow: 'slow' }) ?? 0);
    expect(inFlight).toBe(1);
  });

  it('should count slots the missed-run policy drops as missed, and those it runs as caught up', async () => {
    const clock = new ManualClock({ start: '2026-01-01T00:00:00Z' });
    const store = new InMemoryRunStore();
    const workflow = (missed: MissedPolicy) =>
      defineWorkflow('sync')
        .schedule(every('1m'))
        .options({ missed })
        .step('pull', () => 1) as Workflow<unknown, unknown>;
    const first = newHost(clock, 'first').host;
    first.services.addSingleton(RunStore, { useValue: store });
    first.addWorkflow(workflow('skip'));
    await first.start();
    await clock.advance('90s'); // slots 0 and 60 run
    await first.stop();
    clock.set(clock.now() + 600_000); // down for 10 minutes: slots 120..660 pass

    const second = newHost(clock, 'second').host;
    second.services.addSingleton(RunStore, { useValue: store });
    second.addWorkflow(workflow({ catchUp: '3m' }));
    const observability = instrument(second);
    await second.start();
    await clock.advance(0);

    const afterRestart = await scrape(observability);
    expect(value(afterRestart, 'baton_ticks_total', { workflow: 'sync', outcome: 'caught_up' })).toBe(3); // 540, 600, 660

    // The event loop stalls for 10 minutes: the tick at 720 s fires late, the window catches up 1140, 1200 and 1260 s,
    // and the 6 slots before the window are dropped.
    clock.set(clock.now() + 600_000);
    await clock.advance(0);
    const afterStall = await scrape(observability);
    expect(value(afterStall, 'baton_ticks_total', { workflow: 'sync', outcome: 'fired' })).toBe(1);
    expect(value(afterStall, 'baton_ticks_total', { workflow: 'sync', outcome: 'caught_up' })).toBe(6);
    expect(value(afterStall, 'baton_ticks_total', { workflow: 'sync', outcome: 'missed' })).toBe(6);
  });

  it('should report each service state, restarts and whether it holds its singleton lease', async () => {
    const clock = new ManualClock({ start: '2026-01-01T00:00:00Z' });
    const { host } = newHost(clock);
    host.services.addSingleton(Coordinator, { useValue: new InMemoryCoordinator(clock) });
    host.addHostedService(new Worker(), { name: 'ledger', singleton: true });
    const flaky = new Flaky();
    host.addHostedService(flaky, { name: 'flaky', onError: { restart: { maxRestarts: 3, initialDelay: '1s', maxDelay: '1s', jitter: 0 } } });
    const observability = instrument(host);
    await host.start();
    await clock.advance(0);
    flaky.fail!(new Error('boom'));
    await clock.advance(0);
    expect(value(await scrape(observability), 'baton_service_state', { service: 'flaky', state: 'degraded' })).toBe(1);
    await clock.advance('2s'); // restarted

    const families = await scrape(observability);

    expect(value(families, 'baton_service_state', { service: 'ledger', state: 'running' })).toBe(1);
    expect(value(families, 'baton_service_state', { service: 'ledger', state: 'faulted' })).toBe(0);
    expect(families.get('baton_service_restarts_total')?.type).toBe('COUNTER');
    expect(value(families, 'baton_service_restarts_total', { service: 'ledger' })).toBe(0);
    expect(value(families, 'baton_service_restarts_total', { service: 'flaky' })).toBe(1);
    expect(value(families, 'baton_service_state', { service: 'flaky', state: 'running' })).toBe(1);
    expect(value(families, 'baton_leases_held', { service: 'flaky' })).toBeUndefined();
    expect(value(families, 'baton_leases_held', { service: 'ledger' })).toBe(1);
  });

  it("should register in the app's registry beside its own metrics, and refuse the same registry twice", async () => {
    const registry = new Registry();
    new Counter({ name: 'app_orders_total', help: 'Orders.', registers: [registry] });
    const { host } = newHost();
    const observability = instrument(host, { metrics: { registry } });
    expect(observability.registry).toBe(registry);
    await host.start();

    const families = await scrape(observability);
    expect(families.has('app_orders_total')).toBe(true);
    expect(families.has('baton_runs_total')).toBe(true);

    const other = newHost(undefined, 'other').host;
    let error: unknown;
    try {
      instrument(other, { metrics: { registry } });
    } catch (caught) {
      error = caught;
    }
    expect(BatonError.is(error, BatonErrorCode.AdminMetricsConflict)).toBe(true);
    expect((error as Error).message).toContain('baton_runs_total');
  });

  it('should count from zero again after the app resets its registry', async () => {
    const { host } = newHost();
    host.addWorkflow(defineWorkflow('sync').step('pull', () => 1) as Workflow<unknown, unknown>);
    const observability = instrument(host);
    await host.start();
    const workflows = host.provider.get(Workflows);
    await workflows.trigger('sync');
    await workflows.trigger('sync');
    expect(value(await scrape(observability), 'baton_runs_total', { workflow: 'sync', status: 'succeeded', trigger: 'manual' })).toBe(2);

    observability.registry!.resetMetrics();
    await workflows.trigger('sync');

    expect(value(await scrape(observability), 'baton_runs_total', { workflow: 'sync', status: 'succeeded', trigger: 'manual' })).toBe(1);
    expect(await histogram(observability, 'baton_step_duration_seconds', { workflow: 'sync', step: 'pull', status: 'succeeded' })).toMatchObject({ count: 1 });
    expect(await histogram(observability, 'baton_run_duration_seconds', { workflow: 'sync', status: 'succeeded' })).toMatchObject({ count: 1 });
  });

  it('should answer 404 when metrics are turned off', async () => {
    const { host } = newHost();
    const observability = instrument(host, { metrics: false });
    expect(observability.registry).toBeUndefined();
    expect((await observability.metrics()).status).toBe(404);
  });
});
