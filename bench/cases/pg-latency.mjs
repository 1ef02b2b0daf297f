// What a durable claim adds to a tick, against graphile-worker's enqueue-to-start latency, on PostgreSQL (fsync on).
// Usage: node cases/pg-latency.mjs <baton|baton-memory|graphile-worker> [seconds]
//   → one JSON line {latencyP50, latencyP99, latencyMax, samples}.
//
//   - baton: one workflow `every(50)` with one no-op step on `createHost()` with `addPostgres` (null logger); the
//     latency of a tick is the run's slot (`run.scheduledAt`) to its step starting, on the hi-res clock: the
//     scheduler's wake-up, the claim (the run created in PostgreSQL) and what the engine writes before the step.
//   - baton-memory: the same host on the in-memory store (no PostgreSQL): the part of baton's latency that is not
//     the database. Context, no target.
//   - graphile-worker: an idle worker (`run({ concurrency: 1 })`, LISTEN/NOTIFY, default options); every 50 ms one
//     job is added with `addJob` from a second pool (workerUtils), carrying the instant it was sent; the latency is
//     that instant to the task starting (enqueue to start: the insert, the NOTIFY, the worker's get_job).
// Samples: the ticks (or jobs) of a window of `seconds` that opens 1 s after the start.
import { nowMs, percentile } from './_lib.mjs';
import { emit, freshDatabase } from './_pg.mjs';

const impl = process.argv[2] ?? 'baton';
const seconds = Number(process.argv[3] ?? 10);
const periodMs = 50;

const samples = [];
let windowStart = Infinity;
let windowEnd = -Infinity;
const record = (sentAt) => {
  const latency = nowMs() - sentAt;
  if (sentAt >= windowStart && sentAt < windowEnd) samples.push(latency);
};
const openWindow = () => {
  windowStart = nowMs() + 1000;
  windowEnd = windowStart + seconds * 1000;
};
const waitForWindow = () => new Promise((resolve) => setTimeout(resolve, windowEnd - nowMs() + 500));

async function baton(url) {
  const { defineWorkflow, every, NullLogger } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const host = createHost({ logger: NullLogger });
  if (url) {
    const { addPostgres } = await import('@baton/postgres');
    addPostgres(host, { url });
  }
  host.addWorkflow(
    defineWorkflow('tick')
      .schedule(every(periodMs))
      .step('noop', ({ run }) => record(run.scheduledAt)),
  );
  await host.start();
  openWindow();
  await waitForWindow();
  await host.stop();
}

async function graphileWorker(url) {
  const { Logger, makeWorkerUtils, run } = await import('graphile-worker');
  const logger = new Logger(() => () => {});
  const utils = await makeWorkerUtils({ connectionString: url, logger });
  await utils.migrate();
  const runner = await run({
    connectionString: url,
    concurrency: 1,
    logger,
    noHandleSignals: true,
    taskList: { noop: async (payload) => record(payload.sentAt) },
  });
  openWindow();
  const timer = setInterval(() => {
    void utils.addJob('noop', { sentAt: nowMs() });
  }, periodMs);
  await waitForWindow();
  clearInterval(timer);
  await runner.stop();
  await utils.release();
}

const makers = { baton, 'baton-memory': baton, 'graphile-worker': graphileWorker };
if (!(impl in makers)) throw new Error(`Unknown implementation ${impl}`);
const database = impl === 'baton-memory' ? undefined : await freshDatabase(impl);
await makers[impl](database?.url);
await database?.drop();
const sorted = Float64Array.from(samples).sort();
emit({
  case: 'pg-latency',
  impl,
  samples: sorted.length,
  latencyP50: percentile(sorted, 0.5),
  latencyP99: percentile(sorted, 0.99),
  latencyMax: sorted.length ? sorted[sorted.length - 1] : NaN,
});
