// The event loop of the app's own process while Baton runs many workflows in it, on the real clock.
// Usage: node cases/event-loop.mjs <baton|floor> <workflows> <stepMs> [seconds]  → one JSON line (fields below).
//
// This process is the parent: it starts the child (`event-loop.mjs child …`), which is the user's API process:
//   - a node:http server on 127.0.0.1 (GET / answers "ok"; GET /stats answers the child's figures),
//   - a 100 ms setInterval heartbeat,
//   - `createHost()` (null logger, default in-memory RunStore, default policies) with `workflows` workflows registered
//     as users register them, `host.addWorkflow(defineWorkflow(name).schedule(every('1s')).step('tick', …))`, whose
//     step does `stepMs` of synchronous work (0: none), and `host.run()`, which owns the process (SIGTERM stops it).
//   - floor: the same server and heartbeat without Baton (SIGTERM: process.exit): what this machine gives any process
//     at the time, the context for Baton's figures. Its step figures are NaN (no steps).
// The child prints its measurement window once started: [from, to), opening 2 s after the host started (the first
// ticks are cold) and holding exactly `seconds` slots of every workflow. Meanwhile the parent sends GET / every 50 ms
// (open loop: a slow answer does not delay the next request; keep-alive) and times each answer on its own idle event
// loop. Once the window has closed, the parent reads /stats every second until every slot of the window is resolved (it
// ran, or was recorded as not run), at least 3 s and at most SETTLE_MS after the window (under overload the ticks run
// seconds late, and a late tick is when its workflow's missed slots are dropped), then sends SIGTERM and times the
// exit. Both processes are bounded (the parent kills the child past its budget).
//
// Fields: due (workflows x seconds slots in the window), ran (steps run for those slots), firedPercent; stepLateness
// p50/p99/max (step start minus its slot, ms); heartbeatPercent (beats in the window / expected), heartbeatDelay
// p99/max (gap between two beats minus 100 ms); httpP50/P99/Max (ms), httpErrors; skipped (ticks recorded skipped,
// by reason: `tick.skipped`, also `skipped` runs in the run history); missed (the window's slots that the missed-run
// policy dropped, from `tick.missed`'s slot ranges); missedEvents and missedInfo (every slot `tick.missed` reported,
// and the sum of `WorkflowInfo.missedSlots` from `Workflows.list()` at /stats: a dropped slot counts as recorded only
// if the public API shows it afterwards, so missed slots count only as far as the two agree); unresolved (window slots
// still pending at /stats); unrecordedPercent (due slots neither run nor recorded: skipped or missed); shutdownMs
// (SIGTERM to exit, measured by the parent), shutdownBudgetMs, exitCode; cpuPercent (child, of a core, in the window);
// rssMb (child, at /stats).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const HEARTBEAT_MS = 100;
const REQUEST_EVERY_MS = 50;
const WARMUP_MS = 2_000;
const GRACE_MS = 3_000;
const SETTLE_MS = 30_000;
const PERIOD_MS = 1_000; // every('1s')
const SHUTDOWN_BUDGET = '30s'; // the host's default, said out loud
const SHUTDOWN_BUDGET_MS = 30_000;

const nowMs = () => performance.timeOrigin + performance.now();

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function stats(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

if (process.argv[2] === 'child') await child(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
else await parent(process.argv[2] ?? 'baton', Number(process.argv[3] ?? 1000), Number(process.argv[4] ?? 0), Number(process.argv[5] ?? 600));

async function parent(impl, workflows, stepMs, seconds) {
  if (impl !== 'baton' && impl !== 'floor') throw new Error(`Unknown implementation ${impl}`);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'child', impl, String(workflows), String(stepMs), String(seconds)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })));
  const killer = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1000 + SHUTDOWN_BUDGET_MS);
  const ready = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('ready '));
      if (line) resolve(JSON.parse(line.slice('ready '.length)));
    });
    exited.then(({ code }) => reject(new Error(`child exited (${code}) before it was ready:\n${output}`)));
  });
  const agent = new http.Agent({ keepAlive: true });
  const get = (path) =>
    new Promise((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: ready.port, path, agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
    });

  // GET / every 50 ms through the window, open loop.
  const latencies = [];
  let errors = 0;
  const inflight = new Set();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ready.from - nowMs())));
  for (let planned = ready.from; planned < ready.to; planned += REQUEST_EVERY_MS) {
    const wait = planned - nowMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    const request = get('/').then(
      () => latencies.push(performance.now() - sent),
      () => errors++,
    );
    inflight.add(request);
    request.finally(() => inflight.delete(request));
  }
  await Promise.all(inflight);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ready.to + GRACE_MS - nowMs())));
  let childStats = JSON.parse(await get('/stats'));
  while (childStats.unresolved > 0 && nowMs() < ready.to + SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    childStats = JSON.parse(await get('/stats'));
  }
  agent.destroy();

  const signalled = performance.now();
  child.kill('SIGTERM');
  const { code, signal, at } = await exited;
  clearTimeout(killer);
  const http_ = stats(latencies);
  process.stdout.write(
    JSON.stringify({
      case: 'event-loop',
      impl,
      workflows,
      stepMs,
      seconds,
      ...childStats,
      httpRequests: latencies.length + errors,
      httpErrors: errors,
      httpP50: http_.p50,
      httpP99: http_.p99,
      httpMax: http_.max,
      shutdownMs: at - signalled,
      shutdownBudgetMs: SHUTDOWN_BUDGET_MS,
      exitCode: code ?? signal,
    }) + '\n',
  );
}

function spin(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // synchronous work
  }
}

async function child(impl, workflows, stepMs, seconds) {
  let window = { from: Infinity, to: Infinity };
  const lateness = [];
  const skipped = {};
  let ran = 0;
  let missed = 0;
  let missedEvents = 0;
  let workflowsApi;
  const inWindow = (slot) => slot >= window.from && slot < window.to;
  // Per workflow, the latest slot resolved (run, skipped or dropped): the window is resolved when every workflow's is
  // at or past its last slot in the window.
  const resolved = new Map();
  const resolve = (workflow, slot) => {
    if (!(slot <= resolved.get(workflow))) resolved.set(workflow, slot);
  };
  const step = ({ run }) => {
    const started = nowMs();
    resolve(run.workflow, run.scheduledAt);
    if (inWindow(run.scheduledAt)) {
      ran++;
      lateness.push(started - run.scheduledAt);
    }
    if (stepMs > 0) spin(stepMs);
  };

  const beats = [];
  let cpuAtFrom;
  let cpuAtTo;
  const server = http.createServer((request, response) => {
    if (request.url !== '/stats') return void response.end('ok');
    const inWindow = beats.filter((beat) => beat >= window.from && beat < window.to);
    const gaps = inWindow.slice(1).map((beat, i) => beat - inWindow[i] - HEARTBEAT_MS);
    const heartbeat = stats(gaps);
    const steps = stats(lateness);
    const cpu = cpuAtTo && cpuAtFrom ? cpuAtTo.user + cpuAtTo.system - cpuAtFrom.user - cpuAtFrom.system : NaN;
    const due = impl === 'baton' ? workflows * seconds : NaN;
    const unresolved = impl === 'baton' ? workflows - [...resolved.values()].filter((slot) => slot >= window.to - PERIOD_MS).length : 0;
    const respond = (missedInfo) => {
      // Slots reported by tick.missed but not in WorkflowInfo.missedSlots are not visible afterwards: not recorded.
      const missedRecorded = Math.max(0, missed - Math.max(0, missedEvents - missedInfo));
      const recorded = ran + Object.values(skipped).reduce((sum, n) => sum + n, 0) + missedRecorded;
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          due,
          ran,
          firedPercent: (100 * ran) / due,
          stepLatenessP50: steps.p50,
          stepLatenessP99: steps.p99,
          stepLatenessMax: steps.max,
          heartbeatPercent: (100 * inWindow.length) / (seconds * (1000 / HEARTBEAT_MS)),
          heartbeatDelayP99: heartbeat.p99,
          heartbeatDelayMax: heartbeat.max,
          skipped,
          missed,
          missedEvents,
          missedInfo,
          unresolved,
          // Due slots neither run nor recorded (skipped, or missed): dropped without a trace.
          unrecordedPercent: (100 * (due - recorded)) / due,
          cpuPercent: cpu / 1e4 / seconds,
          rssMb: process.memoryUsage().rss / 2 ** 20,
        }),
      );
    };
    if (workflowsApi === undefined) return void respond(NaN);
    workflowsApi.list().then(
      (infos) => respond(infos.reduce((sum, info) => sum + info.missedSlots, 0)),
      () => respond(0),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The server must not hold the host's stop: keep-alive sockets end with the process.
  server.unref();

  const started = () => {
    const from = nowMs() + WARMUP_MS;
    window = { from, to: from + seconds * 1000 };
    setInterval(() => beats.push(nowMs()), HEARTBEAT_MS).unref();
    setTimeout(() => (cpuAtFrom = process.cpuUsage()), Math.max(0, window.from - nowMs())).unref();
    setTimeout(() => (cpuAtTo = process.cpuUsage()), Math.max(0, window.to - nowMs())).unref();
    process.stdout.write(`ready ${JSON.stringify({ port: server.address().port, ...window })}\n`);
  };

  if (impl === 'floor') {
    process.once('SIGTERM', () => process.exit(0));
    setInterval(() => {}, 60_000); // what keeps the process up, as the host's run() does
    started();
    return;
  }
  const { defineWorkflow, every, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const host = createHost({ logger: NullLogger, shutdownTimeout: SHUTDOWN_BUDGET });
  for (let i = 0; i < workflows; i++) host.addWorkflow(defineWorkflow(`every-second-${i}`).schedule(every('1s')).step('tick', step));
  host.addHostedService(
    (services) => ({
      async start() {
        workflowsApi = services.get(Workflows);
        workflowsApi.on('tick.skipped', ({ workflow, scheduledAt, reason }) => {
          resolve(workflow, scheduledAt);
          if (inWindow(scheduledAt)) skipped[reason] = (skipped[reason] ?? 0) + 1;
        });
        workflowsApi.on('tick.missed', ({ workflow, after, before, slots }) => {
          missedEvents += slots;
          // One slot whose claim the store could not record is (after, after + 2); otherwise the slots after `after`.
          const dropped = before - after === 2 && slots === 1 ? [after + 1] : Array.from({ length: slots }, (_, k) => after + (k + 1) * PERIOD_MS);
          for (const slot of dropped) {
            resolve(workflow, slot);
            if (inWindow(slot)) missed++;
          }
        });
      },
      async stop() {},
    }),
    { name: 'bench-observer' },
  );
  host.on('started', started);
  await host.run();
}
