// The benchmark cases. Each case runs every implementation in its own process, alternately, and reads one JSON
// line from it. `metrics` name the fields to compare; `higherIsBetter` says which way is better (targets in
// targets.json say `min` or `max` accordingly). Optional: `nodeArgs`, `runs: {quick, full}`, `warmup: false`,
// `quickImpls` (run with --quick: Baton and the peers that targets compare), `timeoutMs` per process (a number, or
// `(quick, { duration }) => ms`), and `manual: true` for a case that runs only when named (`node bench/run.mjs
// <name>`: longer than a full run allows). `args(quick, { duration })`: `duration` is `--duration S` when given.
// `postgres: true`: the case runs against the one throwaway PostgreSQL (fsync on) the runner starts for the run
// (see run.mjs). `quick: false`: the case is left out of `--quick`.
// Time budget: `--quick` under 2 minutes (CI runs it after the suites), a full run under 15 minutes, on 2 cores, except event-loop, whose full run
// holds the 10 minutes its issue asks for (`--duration` shortens it).
const lateness = [
  { field: 'latenessP50', unit: 'ms', higherIsBetter: false },
  { field: 'latenessP99', unit: 'ms', higherIsBetter: false },
  { field: 'latenessMax', unit: 'ms', higherIsBetter: false },
];

const eventLoopMetrics = [
  { field: 'firedPercent', unit: '% of due steps run', higherIsBetter: true },
  { field: 'unrecordedPercent', unit: '% of due slots neither run nor recorded', higherIsBetter: false },
  { field: 'stepLatenessP50', unit: 'ms after the slot', higherIsBetter: false },
  { field: 'stepLatenessP99', unit: 'ms after the slot', higherIsBetter: false },
  { field: 'heartbeatPercent', unit: '% of beats run', higherIsBetter: true },
  { field: 'heartbeatDelayP99', unit: 'ms past the period', higherIsBetter: false },
  { field: 'heartbeatDelayMax', unit: 'ms past the period', higherIsBetter: false },
  { field: 'httpP99', unit: 'ms', higherIsBetter: false },
  { field: 'httpMax', unit: 'ms', higherIsBetter: false },
  { field: 'httpErrors', unit: 'requests', higherIsBetter: false },
  { field: 'cpuPercent', unit: '% of a core', higherIsBetter: false },
  { field: 'shutdownMs', unit: 'ms, SIGTERM to exit', higherIsBetter: false },
];

const everySecondMetrics = [
  { field: 'cpuPercent', unit: '% of a core', higherIsBetter: false },
  ...lateness,
  { field: 'firedPercent', unit: '% of due slots fired', higherIsBetter: true },
  // What one fire costs: a peer that saturates its core (node-cron with 10,000 tasks) fires only some of its slots,
  // so its cpuPercent is capped at ~100% and says less than this.
  { field: 'cpuUsPerFire', unit: 'µs of CPU a fired slot', higherIsBetter: false },
];

const pgRunMetrics = [
  { field: 'runsPerSecC1', unit: 'runs/s, concurrency 1', higherIsBetter: true },
  { field: 'runsPerSecC10', unit: 'runs/s, concurrency 10', higherIsBetter: true },
  { field: 'roundTripsPerRunC1', unit: 'queries per run, concurrency 1', higherIsBetter: false },
  { field: 'roundTripsPerRunC10', unit: 'queries per run, concurrency 10', higherIsBetter: false },
  { field: 'cpuUsPerRunC1', unit: "µs of the process's CPU per run, concurrency 1", higherIsBetter: false },
  { field: 'cpuUsPerRunC10', unit: "µs of the process's CPU per run, concurrency 10", higherIsBetter: false },
  { field: 'runPathRoundTripsPerRunC1', unit: "the run's own queries per run (Baton)", higherIsBetter: false },
  { field: 'runPathRoundTripsPerRunC10', unit: "the run's own queries per run (Baton), concurrency 10", higherIsBetter: false },
  { field: 'runsPerSecAwaitedC1', unit: 'runs/s, concurrency 1, each run awaited to its end (Baton, DBOS)', higherIsBetter: true },
  { field: 'runsPerSecAwaitedC10', unit: 'runs/s, concurrency 10, each run awaited to its end (Baton, DBOS)', higherIsBetter: true },
  { field: 'reportedPerSecC1', unit: 'completions reported/s, concurrency 1 (durable or not)', higherIsBetter: true },
  { field: 'reportedPerSecC10', unit: 'completions reported/s, concurrency 10 (durable or not)', higherIsBetter: true },
  { field: 'unhandledRejections', unit: 'in the process', higherIsBetter: false },
];

export const cases = [
  {
    name: 'scope',
    title: 'Scope overhead: create scope, resolve 3 scoped (one depends on the other two), dispose',
    script: 'cases/scope.mjs',
    impls: ['baton', 'baton-decorated', 'inversify', 'floor'],
    baseline: ['baton', 'baton-decorated'],
    // Quick: 20,000 (plus scope.mjs's own 20,000 warm-up iterations) keeps --quick under 2 minutes; the ratios
    // are one to two orders of magnitude inside their targets.
    args: (quick) => [quick ? '20000' : '300000'],
    runs: { quick: 1, full: 5 },
    metrics: [{ field: 'opsPerSec', unit: 'scopes/s', higherIsBetter: true }],
  },
  {
    name: 'schedules-register',
    title: 'Register 10,000 hourly cron schedules (distinct expressions): memory per schedule after a full GC, time to register one',
    script: 'cases/schedules-register.mjs',
    nodeArgs: ['--expose-gc'],
    impls: ['baton', 'node-cron', 'croner', 'toad-scheduler'],
    quickImpls: ['baton', 'node-cron'],
    baseline: ['baton'],
    args: () => ['10000'],
    runs: { quick: 2, full: 5 },
    warmup: false,
    metrics: [
      { field: 'rssPerSchedule', unit: 'bytes', higherIsBetter: false },
      { field: 'heapPerSchedule', unit: 'bytes', higherIsBetter: false },
      { field: 'registerUs', unit: 'µs', higherIsBetter: false },
    ],
  },
  {
    name: 'schedules-every-second',
    title:
      '10,000 schedules all due every second (textually distinct cron expressions; toad-scheduler: 1 s intervals): CPU and lateness; baton-host: 10,000 workflows through createHost',
    script: 'cases/schedules-every-second.mjs',
    impls: ['baton', 'baton-host', 'node-cron', 'croner', 'toad-scheduler'],
    // Quick: the guarded CPU ratio's two sides (the lateness targets are read from the full run).
    quickImpls: ['baton', 'node-cron'],
    baseline: ['baton', 'baton-host'],
    args: (quick) => [quick ? '5' : '20', '10000'],
    runs: { quick: 1, full: 2 },
    warmup: false,
    metrics: everySecondMetrics,
  },
  {
    name: 'schedules-every-second-long',
    title:
      '10,000 workflows due every second through createHost for 10 minutes, beside the same peers: CPU, lateness, and CPU of the last minute against the first',
    script: 'cases/schedules-every-second.mjs',
    impls: ['baton-host', 'node-cron', 'toad-scheduler'],
    baseline: ['baton-host'],
    args: () => ['600', '10000'],
    runs: { quick: 1, full: 1 },
    warmup: false,
    manual: true,
    timeoutMs: 720_000,
    metrics: [...everySecondMetrics, { field: 'cpuFlatRatio', unit: 'last minute / first minute', higherIsBetter: false }],
  },
  {
    name: 'flat-cost',
    title: '100 workflows every second through createHost on a virtual clock for a virtual hour: heap after GC and CPU per tick, last 5-minute window / first',
    script: 'cases/flat-cost.mjs',
    nodeArgs: ['--expose-gc'],
    impls: ['baton'],
    baseline: ['baton'],
    // Full: a virtual hour in 5-minute windows (360,000 runs, 40-130 s on 2 cores); quick: 6 virtual minutes in
    // 2-minute windows. A virtual day by hand: node --expose-gc cases/flat-cost.mjs baton 1440 60.
    args: (quick) => (quick ? ['6', '2'] : ['60', '5']),
    runs: { quick: 1, full: 1 },
    warmup: false,
    timeoutMs: 360_000,
    metrics: [
      { field: 'heapRatio', unit: 'last window / first', higherIsBetter: false },
      { field: 'cpuRatio', unit: 'last window / first', higherIsBetter: false },
      { field: 'storeRatio', unit: 'last window / first', higherIsBetter: false },
      { field: 'runsPerSec', unit: 'virtual runs/s', higherIsBetter: true },
    ],
  },
  {
    name: 'tick-lateness',
    title: 'One schedule every second on an idle event loop: lateness of each fire after its due instant',
    script: 'cases/tick-lateness.mjs',
    impls: ['baton', 'node-cron', 'croner', 'toad-scheduler'],
    // Quick: a check that the case still runs, beside the closest peer; its targets are read from the full run.
    quickImpls: ['baton', 'croner'],
    baseline: ['baton'],
    args: (quick) => [quick ? '6' : '20', 'idle'],
    runs: { quick: 1, full: 2 },
    warmup: false,
    metrics: lateness,
  },
  {
    name: 'tick-lateness-busy',
    title: 'One schedule every second while the event loop is blocked 5–20 ms every 50 ms: lateness of each fire',
    script: 'cases/tick-lateness.mjs',
    impls: ['baton', 'node-cron', 'croner', 'toad-scheduler'],
    // Quick: a check that the case still runs, beside the closest peer; its targets are read from the full run.
    quickImpls: ['baton', 'croner'],
    baseline: ['baton'],
    // One process of 40 s per implementation (40 ticks, all on the same seeded load pattern; see tick-lateness.mjs):
    // the ticks are paired across implementations, so more distinct ticks beat repeats of the same ones. ~3 min.
    args: (quick) => [quick ? '6' : '40', 'busy'],
    runs: { quick: 1, full: 1 },
    warmup: false,
    metrics: [
      ...lateness,
      { field: 'dispatchP50', unit: 'ms after the loop is free', higherIsBetter: false },
      { field: 'dispatchP99', unit: 'ms after the loop is free', higherIsBetter: false },
    ],
  },
  {
    name: 'shutdown',
    title: 'SIGTERM to process exit with 1,000 hosted services, one of them mid-run (measured by the parent process)',
    script: 'cases/shutdown.mjs',
    impls: ['baton', 'floor'],
    baseline: ['baton'],
    args: () => [],
    runs: { quick: 3, full: 7 },
    warmup: false,
    metrics: [{ field: 'shutdownMs', unit: 'ms', higherIsBetter: false }],
  },
  {
    name: 'runs-per-second',
    title: 'No-op three-step workflow runs, trigger to completion, one after another, in memory (recorded in the RunStore)',
    script: 'cases/runs-per-second.mjs',
    impls: ['baton', 'node-cron', 'floor'],
    baseline: ['baton'],
    args: (quick) => [quick ? '2' : '3'],
    runs: { quick: 2, full: 5 },
    warmup: false,
    metrics: [{ field: 'runsPerSec', unit: 'runs/s', higherIsBetter: true }],
  },
  {
    name: 'instrumentation',
    title:
      "The cost of @baton/admin's instrumentation per run: a host with instrument(host) (metrics, and spans through a real OpenTelemetry SDK) against a plain host in the same process, taking turns, on a three-step workflow whose steps each make an HTTP request (io) and on the runs-per-second no-op workflow (noop)",
    script: 'cases/instrumentation.mjs',
    nodeArgs: ['--expose-gc'],
    impls: ['instrumented', 'metrics-only', 'tracing-no-sdk', 'off'],
    // Each process pairs its host with a plain one and reports the ratio itself; `off` pairs two plain hosts (the control).
    baseline: ['instrumented', 'metrics-only', 'tracing-no-sdk', 'off'],
    // Quick: one 1 s process per implementation (~15 s in all), enough to see the instrumentation still runs.
    args: (quick) => [quick ? '1' : '4'],
    runs: { quick: 1, full: 5 },
    warmup: false,
    metrics: [
      { field: 'ratio', unit: 'io run, wall, instrumented host / plain host, median of pairs', higherIsBetter: false },
      { field: 'cpuRatio', unit: 'io run, CPU, instrumented / plain, median of pairs', higherIsBetter: false },
      { field: 'sumRatio', unit: 'io run, wall, ratio of totals', higherIsBetter: false },
      { field: 'cpuSumRatio', unit: 'io run, CPU, ratio of totals', higherIsBetter: false },
      { field: 'pairs', unit: 'io pairs of turns per process', higherIsBetter: true },
      { field: 'usPerRun', unit: 'io run, µs', higherIsBetter: false },
      { field: 'cpuUsPerRun', unit: 'io run, CPU µs', higherIsBetter: false },
      { field: 'plainUsPerRun', unit: 'io run on the plain host, µs', higherIsBetter: false },
      { field: 'stepUs', unit: "one step's own request, µs", higherIsBetter: false },
      { field: 'noopRatio', unit: 'noop run, wall, instrumented / plain, median of pairs', higherIsBetter: false },
      { field: 'noopCpuRatio', unit: 'noop run, CPU, instrumented / plain, median of pairs', higherIsBetter: false },
      { field: 'noopUsPerRun', unit: 'noop run, µs', higherIsBetter: false },
      { field: 'noopCpuUsPerRun', unit: 'noop run, CPU µs', higherIsBetter: false },
    ],
  },
  {
    name: 'event-loop',
    title: "1,000 every-second workflows (createHost + addWorkflow, no-op step) beside the app's HTTP server and a 100 ms heartbeat, real clock",
    script: 'cases/event-loop.mjs',
    impls: ['baton', 'floor'],
    // Quick: Baton alone; its targets are its own figures, and the floor (the server and heartbeat alone) is context.
    quickImpls: ['baton'],
    baseline: ['baton'],
    // 10 minutes full (the figure), 10 s quick; --duration S for anything else.
    args: (quick, { duration } = {}) => ['1000', '0', String(duration ?? (quick ? 10 : 600))],
    timeoutMs: (quick, { duration } = {}) => ((duration ?? (quick ? 10 : 600)) + 60) * 1000,
    runs: { quick: 1, full: 1 },
    warmup: false,
    metrics: eventLoopMetrics,
  },
  {
    name: 'event-loop-overload',
    title:
      '10,000 every-second workflows whose step does 1 ms of synchronous work (10 cores of work due per second) beside the HTTP server and heartbeat; then SIGTERM',
    script: 'cases/event-loop.mjs',
    impls: ['baton', 'floor'],
    // Quick: Baton alone; its targets are its own figures, and the floor (the server and heartbeat alone) is context.
    quickImpls: ['baton'],
    baseline: ['baton'],
    args: (quick, { duration } = {}) => ['10000', '1', String(duration ?? (quick ? 10 : 60))],
    timeoutMs: (quick, { duration } = {}) => ((duration ?? (quick ? 10 : 60)) + 90) * 1000,
    runs: { quick: 1, full: 1 },
    warmup: false,
    metrics: eventLoopMetrics,
  },
  {
    name: 'pg-runs-one-step',
    title:
      'Durable completed runs per second per process on PostgreSQL (fsync on), at concurrency 1 and 10: a one-step no-op workflow against graphile-worker and pg-boss no-op jobs',
    script: 'cases/pg-runs.mjs',
    postgres: true,
    impls: ['baton', 'graphile-worker', 'pg-boss'],
    // Quick: Baton alone, for its round trips per run (a count, stable on any machine): the rates need the full run.
    quickImpls: ['baton'],
    baseline: ['baton'],
    // Every implementation on the same Node (graphile-worker 0.18 and pg-boss 12 need Node >= 22).
    nodeVersion: { baton: 24, 'graphile-worker': 24, 'pg-boss': 24 },
    args: (quick, { duration } = {}) => ['1', String(duration ?? (quick ? 1 : 3))],
    runs: { quick: 1, full: 3 },
    warmup: false,
    metrics: pgRunMetrics,
  },
  {
    name: 'pg-runs-three-step',
    title: 'Durable completed runs per second per process on PostgreSQL (fsync on), at concurrency 1 and 10: a three-step no-op workflow against DBOS Transact',
    script: 'cases/pg-runs.mjs',
    postgres: true,
    quick: false,
    impls: ['baton', 'dbos'],
    baseline: ['baton'],
    nodeVersion: { baton: 24, dbos: 24 },
    args: (quick, { duration } = {}) => ['3', String(duration ?? (quick ? 1 : 3))],
    runs: { quick: 1, full: 3 },
    warmup: false,
    metrics: pgRunMetrics,
  },
  {
    name: 'pg-claim-latency',
    title:
      "What a durable claim adds to a tick on PostgreSQL (fsync on): a workflow every 50 ms, slot to step start, against graphile-worker's enqueue-to-start latency",
    script: 'cases/pg-latency.mjs',
    postgres: true,
    quick: false,
    impls: ['baton', 'baton-memory', 'graphile-worker'],
    baseline: ['baton'],
    nodeVersion: { baton: 24, 'baton-memory': 24, 'graphile-worker': 24 },
    args: (quick, { duration } = {}) => [String(duration ?? (quick ? 3 : 15))],
    runs: { quick: 1, full: 2 },
    warmup: false,
    metrics: [
      { field: 'latencyP50', unit: 'ms', higherIsBetter: false },
      { field: 'latencyP99', unit: 'ms', higherIsBetter: false },
      { field: 'latencyMax', unit: 'ms', higherIsBetter: false },
    ],
  },
  {
    name: 'pg-failover',
    title:
      'Failover on PostgreSQL after kill -9 of the lease holder: a run resumed on the other replica, and a singleton service taken over, against the lease TTL (10 s) plus 1 s',
    script: 'cases/pg-failover.mjs',
    postgres: true,
    quick: false,
    impls: ['baton'],
    baseline: ['baton'],
    nodeVersion: { baton: 24 },
    args: () => ['10'],
    runs: { quick: 1, full: 3 },
    warmup: false,
    timeoutMs: 180_000,
    metrics: [
      { field: 'runFailoverMs', unit: 'ms, kill to the resumed step', higherIsBetter: false },
      { field: 'singletonFailoverMs', unit: 'ms, kill to the new holder', higherIsBetter: false },
      { field: 'runFailoverRatio', unit: '/ (lease TTL + 1 s)', higherIsBetter: false },
      { field: 'singletonFailoverRatio', unit: '/ (lease TTL + 1 s)', higherIsBetter: false },
      { field: 'stepOneRerun', unit: 'completed steps run again', higherIsBetter: false },
    ],
  },
  {
    name: 'pg-replicas',
    title:
      '10,000 workflows every minute across 3 replicas on one PostgreSQL (fsync on), for 3 minutes: each tick claimed once, database round trips per tick, CPU per replica',
    script: 'cases/pg-replicas.mjs',
    postgres: true,
    manual: true,
    impls: ['baton'],
    baseline: ['baton'],
    nodeVersion: { baton: 24 },
    args: (quick, { duration } = {}) => ['10000', String(duration ?? 180)],
    runs: { quick: 1, full: 1 },
    warmup: false,
    timeoutMs: (quick, { duration } = {}) => ((duration ?? 180) + 180) * 1000,
    metrics: [
      { field: 'roundTripsPerTick', unit: 'queries per tick, 3 replicas', higherIsBetter: false },
      { field: 'cpuPercentPerReplica', unit: '% of a core, the busiest replica', higherIsBetter: false },
      { field: 'ranTwice', unit: 'ticks', higherIsBetter: false },
      { field: 'lost', unit: 'ticks', higherIsBetter: false },
      { field: 'ticks', unit: 'runs of the window', higherIsBetter: true },
      { field: 'stepRanTwice', unit: 'ticks whose step ran again after a recovery', higherIsBetter: false },
    ],
  },
];
