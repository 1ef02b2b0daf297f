// The cost of @baton/admin's instrumentation per run: a host with instrument(host) against a host without it, in the
// same process, on two three-step workflows triggered and awaited one run after another:
//   - `io` (the run the target is about): each step is what a background step typically does, one awaited request to
//     a service: an HTTP GET over a keep-alive connection to a node:http server on 127.0.0.1 that answers a small JSON
//     body at once. The server runs in a child process, as the service a step calls lives outside the app: the CPU
//     this process spends per run is then the client's side only, and the server's work shows only as the latency a
//     real service has. HTTP rather than a PostgreSQL query: no database to start, and a request is the more common
//     step. Its own time (`stepUs`, one bare request timed outside any workflow, interleaved with the runs) is
//     reported, so that a reader sees the step is not so slow that the overhead vanishes in it.
//   - `noop` (context): the runs-per-second workflow, whose steps do nothing. It has no time of its own, so its ratio
//     measures only a fixed cost per run over the engine's own overhead, and grows as the engine gets faster.
// Paired: the two hosts (and the bare requests) take turns in batches (8 io runs, 64 noop runs), ABBA, so both see the
// same load from the rest of the machine; separate processes run minutes apart differed by 2x in the bare request's
// time alone on the shared 2 cores. Each round's subject turn is divided by its plain turn, and the ratio is the
// median of those pair ratios: a burst of another process's work lands in a pair or two, which the median drops and
// a ratio of totals keeps (a control's ratio of totals read 1.09 where its median of pairs read 1.02). The ratio of
// totals is reported beside it (sumRatio, cpuSumRatio): it also keeps the turns in which a collection ran, so it
// carries the instrumented host's extra GC, which the median can drop; the garbage both hosts make is collected
// wherever the young generation fills, so a share of the instrumented host's GC lands in the plain host's turns
// either way. `off` (a plain host against a plain host) is the control that shows the method's own spread.
// Usage: node cases/instrumentation.mjs <instrumented|metrics-only|tracing-no-sdk|off> [seconds]
//   → one JSON line: the instrumented host's wall and CPU µs per run (usPerRun, cpuUsPerRun), its ratios to the plain
//   host's (ratio, cpuRatio: medians of pairs; sumRatio, cpuSumRatio: of totals; pairs: how many), the bare
//   request's µs (stepUs), and the same for the noop workflow (noop*, for half of `seconds`).
// INSTRUMENTATION_DETAIL=1 adds, on stderr, the subject host's listeners' own time per run by event (timed from a
// listener subscribed before @baton/admin's to one subscribed after them, in the measured turns), split into the first
// run of each turn and the others, and the collections that started in each arm's turns; off by default, as its own
// listeners cost a little.
// INSTRUMENTATION_GAPS=spin0,spin200,sleep200,... (with INSTRUMENTATION_DETAIL=1) also pairs, for 1.5 s each, a
// three-step workflow per entry whose steps do no I/O but spin on performance.now() (no memory touched) or sleep in
// Atomics.wait for that many µs: the listeners' cost against the time between the events alone.
// INSTRUMENTATION_BASELINE=<path of an older build of @baton/admin's dist/index.js> pairs the subject against a host
// instrumented the same way by that build, instead of a plain host: the ratio is then the change's own effect on the
// run, which the machine's noise between two processes hides (a change worth 0.02 of the 1.2 target reads 1.12-1.21
// in single runs minutes apart). Keep the build beside the new one, so that its imports resolve:
//   cp packages/admin/dist/index.js packages/admin/dist/index.before.js   # before rebuilding with the change
//   INSTRUMENTATION_BASELINE=../packages/admin/dist/index.before.js node --expose-gc cases/instrumentation.mjs instrumented
//
//   - off: createHost (null logger, in-memory RunStore) + addWorkflow, no instrument() call.
//   - metrics-only: the same with instrument(host, { tracing: false }): prom-client counters and histograms fed by
//     the Workflows events (a run start, three step ends, a run end per run).
//   - instrumented: instrument(host, { tracing: { tracerProvider } }) with metrics on and a real OpenTelemetry SDK,
//     configured as an app configures it in production: @opentelemetry/sdk-trace's TracerProvider with its default
//     sampler (parent-based, always on: every run is recorded, the worst case) and a BatchSpanProcessor with its
//     defaults (the OpenTelemetry docs recommend it for production; SimpleSpanProcessor exports each span as it ends
//     and is for debugging), whose exporter discards the batches: an OTLP exporter's work runs in the batch's own
//     turn every 5 s or 512 spans, off the run's path. Four recorded spans per run (the run and its three steps).
//   - tracing-no-sdk: instrument(host, { metrics: false }) in an app that registered no OpenTelemetry SDK.
//   - spin-listeners (by hand only, not in bench/run.mjs): no instrument() call, but a listener per event that spins
//     SPIN_US µs (25 by default) on performance.now(): time added at the same places with no code or data of its own,
//     to tell the cost of the time the instrumentation takes from that of its footprint.
// A scrape of /metrics is not part of the run path and is not timed. Per workflow: 0.5 s of warm-up, a full GC when
// node runs with --expose-gc (as bench/run.mjs runs it), then `seconds` of turns (io) or half of it (noop).
import { fork } from 'node:child_process';
import { Agent, createServer, get } from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';

/** INSTRUMENTATION_DETAIL=1: listener µs by workflow and event, and the measured turns (to place collections in). */
const detail = process.env.INSTRUMENTATION_DETAIL
  ? { measuring: false, position: 0, listenersStarted: 0, listenerMs: {}, firstMs: {}, turns: [], gcs: [] }
  : undefined;
/** INSTRUMENTATION_BASELINE: the older @baton/admin build the subject is paired against (a path from bench/). */
const baselineAdmin = () => import(new URL(`../${process.env.INSTRUMENTATION_BASELINE}`, import.meta.url).href);
/** INSTRUMENTATION_GAPS: the gap workflows' names (`spin<µs>` or `sleep<µs>`). */
const gaps = detail && process.env.INSTRUMENTATION_GAPS ? process.env.INSTRUMENTATION_GAPS.split(',') : [];

async function main() {
  const impl = process.argv[2] ?? 'instrumented';
  const seconds = Number(process.argv[3] ?? 4);
  if (!(impl in makers)) throw new Error(`Unknown implementation ${impl}`);

  const service = fork(new URL(import.meta.url), ['server'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve, reject) => {
    service.once('message', resolve);
    service.once('error', reject);
  });
  const request = requester(port);

  if (detail) new PerformanceObserver((list) => detail.gcs.push(...list.getEntries())).observe({ entryTypes: ['gc'] });
  const subject = await makers[impl](request, detail);
  const plain = await (process.env.INSTRUMENTATION_BASELINE === undefined ? makers.off(request) : makers.instrumented(request, undefined, baselineAdmin));
  const io = await pairedFor(subject, plain, 'io', 8, request, seconds * 1000);
  // Context only: half the time.
  const noop = await pairedFor(subject, plain, 'noop', 64, undefined, (seconds * 1000) / 2);
  const gapRuns = {};
  for (const gap of gaps) {
    const paired = await pairedFor(subject, plain, gap, 8, undefined, 1500);
    gapRuns[gap] = paired.subject.runs;
    process.stderr.write(
      `${gap}: ${perRun(paired.subject).toFixed(0)} µs per run against ${perRun(paired.plain).toFixed(0)} (ratio ${pairRatio(paired, 'wall').toFixed(2)})\n`,
    );
  }
  await subject.close();
  await plain.close();
  service.disconnect();
  if (detail) await printDetail({ io: io.subject.runs, noop: noop.subject.runs, ...gapRuns }, { io: 8, noop: 64 });
  process.stdout.write(
    JSON.stringify({
      case: 'instrumentation',
      impl,
      runs: io.subject.runs,
      usPerRun: perRun(io.subject),
      cpuUsPerRun: perRun(io.subject, 'cpu'),
      ratio: pairRatio(io, 'wall'),
      cpuRatio: pairRatio(io, 'cpu'),
      sumRatio: perRun(io.subject) / perRun(io.plain),
      cpuSumRatio: perRun(io.subject, 'cpu') / perRun(io.plain, 'cpu'),
      pairs: io.subject.turns.length,
      plainUsPerRun: perRun(io.plain),
      stepUs: perRun(io.request),
      noopRuns: noop.subject.runs,
      noopUsPerRun: perRun(noop.subject),
      noopCpuUsPerRun: perRun(noop.subject, 'cpu'),
      noopRatio: pairRatio(noop, 'wall'),
      noopCpuRatio: pairRatio(noop, 'cpu'),
    }) + '\n',
    () => process.exit(0),
  );
}

/**
 * Runs `workflow` on both hosts in turns of `batch` runs (ABBA), with a turn of `batch` bare requests between when
 * `request` is given, for `ms` of wall time after a warm-up; returns each arm's runs, wall and CPU seconds, and its turns.
 */
async function pairedFor(subject, plain, workflow, batch, request, ms) {
  const arms = {
    subject: { name: 'subject', work: () => subject.run(workflow), runs: 0, seconds: 0, cpuSeconds: 0, turns: [] },
    plain: { name: 'plain', work: () => plain.run(workflow), runs: 0, seconds: 0, cpuSeconds: 0, turns: [] },
    ...(request && { request: { name: 'request', work: request, runs: 0, seconds: 0, cpuSeconds: 0, turns: [] } }),
  };
  const forward = Object.values(arms);
  const backward = [...forward].reverse();
  const turns = async (limitMs, measure) => {
    const started = process.hrtime.bigint();
    for (let round = 0; Number(process.hrtime.bigint() - started) / 1e6 < limitMs; round++) {
      for (const arm of round % 2 === 0 ? forward : backward) {
        const armStarted = process.hrtime.bigint();
        const perfStarted = performance.now();
        const cpuStarted = process.cpuUsage();
        for (let i = 0; i < batch; i++) {
          if (detail) detail.position = i;
          await arm.work();
        }
        if (!measure) continue;
        const cpu = process.cpuUsage(cpuStarted);
        const turn = { wall: Number(process.hrtime.bigint() - armStarted) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
        arm.runs += batch;
        arm.seconds += turn.wall;
        arm.cpuSeconds += turn.cpu;
        arm.turns.push(turn);
        detail?.turns.push({ arm: `${workflow} ${arm.name}`, from: perfStarted, to: performance.now() });
      }
    }
  };
  await turns(500, false);
  await fullGc();
  if (detail) detail.measuring = true;
  await turns(ms, true);
  if (detail) detail.measuring = false;
  return arms;
}

/**
 * The median, over the rounds, of the subject's turn over the plain host's turn in the same round (`which`: wall or
 * CPU). Each pair ran back to back, so a burst of the machine's other load lands in one pair, and the median drops it
 * where a ratio of totals would keep it; the ratio of totals is reported beside it (sumRatio).
 */
function pairRatio({ subject, plain }, which) {
  const ratios = subject.turns.map((turn, round) => turn[which] / plain.turns[round][which]).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  return ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
}

function perRun(arm, which = 'wall') {
  return ((which === 'cpu' ? arm.cpuSeconds : arm.seconds) * 1e6) / arm.runs;
}

/** A full, settled collection between phases, so that one phase's garbage is not collected in the next one's time. */
async function fullGc() {
  if (typeof globalThis.gc !== 'function') return;
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One GET to the service over a kept-alive connection; resolves with the parsed body. */
function requester(port) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const options = { host: '127.0.0.1', port, path: '/', agent };
  return () =>
    new Promise((resolve, reject) => {
      get(options, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`status ${response.statusCode}`))));
        response.on('error', reject);
      }).on('error', reject);
    });
}

/**
 * Prints what INSTRUMENTATION_DETAIL asks for to stderr, per measured run of the subject host (`batches`: runs per
 * turn by workflow, 8 when not given).
 */
async function printDetail(runs, batches) {
  await new Promise((resolve) => setTimeout(resolve, 10)); // the observer's last entries
  for (const [key, ms] of Object.entries(detail.listenerMs)) {
    const workflow = key.split(' ')[0];
    const turns = runs[workflow] / (batches[workflow] ?? 8);
    const first = detail.firstMs[key] ?? 0;
    const us = (value, count) => ((value * 1000) / count).toFixed(1);
    process.stderr.write(
      `listeners ${key}: ${us(ms, runs[workflow])} µs per run (the turn's first run ${us(first, turns)}, the others ${us(ms - first, runs[workflow] - turns)})\n`,
    );
  }
  const gcs = {};
  for (const gc of detail.gcs) {
    const turn = detail.turns.find(({ from, to }) => gc.startTime >= from && gc.startTime < to);
    if (turn === undefined) continue;
    const key = `${turn.arm} ${gc.detail?.kind === 1 ? 'minor' : 'major/other'}`;
    gcs[key] = { count: (gcs[key]?.count ?? 0) + 1, ms: (gcs[key]?.ms ?? 0) + gc.duration };
  }
  for (const [key, { count, ms }] of Object.entries(gcs)) process.stderr.write(`gc in ${key} turns: ${count}, ${ms.toFixed(1)} ms\n`);
}

/** INSTRUMENTATION_DETAIL: a hosted service whose listeners, subscribed `first` or last, time the ones between. */
async function listenerTimer(first) {
  const { Workflows } = await import('@baton/core');
  return (services) => ({
    async starting() {
      const workflows = services.get(Workflows);
      for (const event of ['run.started', 'step.started', 'step.finished', 'run.finished']) {
        workflows.on(event, (payload) => {
          if (first) return void (detail.listenersStarted = performance.now());
          if (!detail.measuring) return;
          const key = `${payload.workflow ?? payload.run.workflow} ${event}`;
          const ms = performance.now() - detail.listenersStarted;
          detail.listenerMs[key] = (detail.listenerMs[key] ?? 0) + ms;
          if (detail.position === 0) detail.firstMs[key] = (detail.firstMs[key] ?? 0) + ms;
        });
      }
    },
    async start() {},
    async stop() {},
  });
}

async function makeHost(request, instrumentation, timed) {
  const { addWorkflow, defineWorkflow, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const host = createHost({ logger: NullLogger });
  addWorkflow(
    host,
    defineWorkflow('noop')
      .step('one', async () => 1)
      .step('two', async ({ input }) => input + 1)
      .step('three', async ({ input }) => input + 1),
  );
  // Each step reads one small answer of the service and passes a count on.
  const call = async ({ input }) => (input ?? 0) + (await request()).items.length;
  addWorkflow(host, defineWorkflow('io').step('one', call).step('two', call).step('three', call));
  for (const gap of gaps) {
    const [, kind, us] = /^(spin|sleep)(\d+)$/.exec(gap) ?? [];
    if (kind === undefined) throw new Error(`INSTRUMENTATION_GAPS: ${gap} is neither spin<µs> nor sleep<µs>`);
    const cell = new Int32Array(new SharedArrayBuffer(4)); // never notified: Atomics.wait times out
    const wait = kind === 'spin' ? () => spin(Number(us)) : () => Atomics.wait(cell, 0, 0, Number(us) / 1000);
    const step = async ({ input }) => {
      wait();
      return (input ?? 0) + 1;
    };
    addWorkflow(host, defineWorkflow(gap).step('one', step).step('two', step).step('three', step));
  }
  if (timed) host.addHostedService(await listenerTimer(true), { name: 'detail:first' });
  const closeInstrumentation = await instrumentation(host);
  if (timed) host.addHostedService(await listenerTimer(false), { name: 'detail:last' });
  await host.start();
  const workflows = host.provider.get(Workflows);
  const run = async (workflow) => {
    const record = await workflows.trigger(workflow);
    if (record.status !== 'succeeded') throw new Error(`run ended ${record.status}: ${JSON.stringify(record.error)}`);
  };
  return {
    run,
    close: async () => {
      await host.stop();
      await closeInstrumentation();
    },
  };
}

/** Busy-waits `us` µs on performance.now(), touching no memory. */
function spin(us) {
  const until = performance.now() + us / 1000;
  while (performance.now() < until);
}

const makers = {
  'spin-listeners': (request, timed) =>
    makeHost(
      request,
      async (host) => {
        const { Workflows } = await import('@baton/core');
        const us = Number(process.env.SPIN_US ?? 25);
        host.addHostedService(
          () => ({
            async starting() {
              const workflows = host.provider.get(Workflows);
              for (const event of ['run.started', 'step.started', 'step.finished', 'run.finished']) workflows.on(event, () => spin(us));
            },
            async start() {},
            async stop() {},
          }),
          { name: 'spin-listeners' },
        );
        return async () => {};
      },
      timed,
    ),
  off: (request, timed) => makeHost(request, async () => async () => {}, timed),
  'metrics-only': (request, timed) =>
    makeHost(
      request,
      async (host) => {
        const { instrument } = await import('@baton/admin');
        const observability = instrument(host, { tracing: false });
        return async () => {
          // Sanity: the runs were counted.
          const body = (await observability.metrics()).body;
          for (const workflow of ['io', 'noop'])
            if (!body.includes(`baton_runs_total{workflow="${workflow}",status="succeeded",trigger="manual"}`)) throw new Error(`no ${workflow} runs counted`);
        };
      },
      timed,
    ),
  // Tracing on, metrics off, and no SDK registered: what the no-op path costs.
  'tracing-no-sdk': (request, timed) =>
    makeHost(
      request,
      async (host) => {
        const { instrument } = await import('@baton/admin');
        instrument(host, { metrics: false });
        return async () => {};
      },
      timed,
    ),
  instrumented: (request, timed, admin = () => import('@baton/admin')) =>
    makeHost(
      request,
      async (host) => {
        const { instrument } = await admin();
        const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
        let exported = 0;
        const exporter = {
          export: (spans, done) => {
            exported += spans.length;
            done({ code: 0 });
          },
          shutdown: async () => {},
        };
        const tracerProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
        const observability = instrument(host, { tracing: { tracerProvider } });
        return async () => {
          await tracerProvider.shutdown();
          if (exported === 0) throw new Error('no spans exported');
          const body = (await observability.metrics()).body;
          for (const workflow of ['io', 'noop']) if (!body.includes(`baton_runs_total{workflow="${workflow}"`)) throw new Error(`no ${workflow} runs counted`);
        };
      },
      timed,
    ),
};

if (process.argv[2] === 'server') {
  // The service the io steps call: a small JSON body, answered at once, keep-alive.
  const body = JSON.stringify({ ok: true, items: [1, 2, 3] });
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
