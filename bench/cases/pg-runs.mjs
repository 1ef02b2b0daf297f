// Durable completed runs per second, per process, on PostgreSQL (fsync on), at concurrency 1 and then 10.
// Usage: node cases/pg-runs.mjs <baton|graphile-worker|pg-boss|dbos> <steps: 1|3> [seconds]
//   → one JSON line {runsPerSecC1, runsPerSecC10, roundTripsPerRunC1, roundTripsPerRunC10, settings}; Baton's also
//   has runPathRoundTripsPerRunC1/C10 (the run's own writes: claim, step records, end; no heartbeats or sweeps).
//
// Each process has a fresh database on the run's server (cases/_pg.mjs) and measures two phases one after the
// other, concurrency 1 then 10; each phase counts the runs completed in a window of `seconds` that opens 0.5 s
// after its first completion. Round trips are every query any `pg` client of the process sent in the window,
// divided by the runs completed in it (background polling and heartbeats included).
//
//   - baton: `defineWorkflow('noop')` with `steps` no-op steps on `createHost()` with `addPostgres` (null logger),
//     and `Workflows.trigger('noop')` awaited to completion in `concurrency` loops: every run is created (the claim),
//     its steps recorded and its end written in PostgreSQL before the trigger resolves.
//   - graphile-worker (steps 1): a no-op task; jobs enqueued beforehand with `addJobs` (in batches, outside the
//     window), then `run({ concurrency })` drains them; a completion is graphile-worker's `job:complete` event, which
//     0.18 emits once the task returned, without waiting for the write of its completion (worker.js calls
//     `completeJob(job)` unawaited). Default options otherwise (poll interval 2 s, LISTEN/NOTIFY on).
//   - pg-boss (steps 1): a no-op handler on a queue; jobs inserted beforehand with `insert` (batches, outside the
//     window), then `work()`: pg-boss fetches one batch per poll, so at its defaults (batchSize 1, a 2 s poll) it
//     would complete one job per worker every 2 s. Tuned, and recorded in `settings`: `localConcurrency` =
//     concurrency, `batchSize` 20, `burstWhenBatchFull` (fetch again at once while batches come back full),
//     `pollingIntervalSeconds` 0.5 (its minimum); the handler runs the batch's jobs one after another, and a
//     completion is a job of a batch whose completion pg-boss has written.
//   - dbos (steps 3): DBOS Transact 5.3, a workflow (`DBOS.registerWorkflow`) of `steps` `DBOS.runStep` no-op
//     steps, called and awaited in `concurrency` loops: DBOS records the workflow and each step's output before it
//     resolves.
// Peers' jobs are enqueued outside the window and Baton's runs are created inside it (a Baton run begins with its
// claim), which favours the peers.
import { emit, freshDatabase, measureWindow, roundTrips } from './_pg.mjs';

const impl = process.argv[2] ?? 'baton';
const steps = Number(process.argv[3] ?? 1);
const seconds = Number(process.argv[4] ?? 2);
const concurrencies = [1, 10];
// Enough jobs queued up front for a phase at up to this many jobs/s (the window, its warm-up and slack).
const jobsFor = (rate) => Math.ceil(rate * (seconds + 1.5));

const noop = async () => undefined;

// An unhandled rejection would end the process and lose the measurement: counted and reported instead (see the
// `unhandledRejections` figure; issue 11 asks for none). Seen once on 2026-12-01 in Baton at concurrency 10: the lease
// heartbeat fencing a run that had just ended ('was taken over: its lease could not be renewed by <itself>').
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason?.message ?? reason)));

async function baton(url) {
  const { addWorkflow, defineWorkflow, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const { addPostgres, PostgresDatabaseToken } = await import('@baton/postgres');
  const host = createHost({ logger: NullLogger });
  addPostgres(host, { url });
  let workflow = defineWorkflow('noop');
  for (let i = 1; i <= steps; i++) workflow = workflow.step(`step${i}`, noop);
  addWorkflow(host, workflow);
  let workflows;
  let database;
  host.addHostedService(
    (services) => ({
      async start() {
        workflows = services.get(Workflows);
        database = services.get(PostgresDatabaseToken);
      },
      async stop() {},
    }),
    { name: 'bench' },
  );
  await host.start();
  const phases = {};
  for (const concurrency of concurrencies) {
    // Round trips from @baton/postgres's own count (PostgresDatabase.stats()): all of them, and those of the run's
    // own path (its claim, its steps' records, its end), without the heartbeats and sweeps that run beside.
    const runPath = () => ['createRun', 'recordStep', 'finishRun'].reduce((sum, operation) => sum + (database.stats().byOperation[operation] ?? 0), 0);
    const window = measureWindow({ seconds, trips: () => database.stats().roundTrips, counters: { runPathRoundTrips: runPath } });
    let done = false;
    const loop = async () => {
      while (!done) {
        const record = await workflows.trigger('noop');
        if (record.status !== 'succeeded') throw new Error(`run ended ${record.status}: ${JSON.stringify(record.error)}`);
        window.completed();
      }
    };
    const loops = Array.from({ length: concurrency }, loop);
    phases[concurrency] = await window.result;
    done = true;
    await Promise.all(loops);
  }
  await host.stop();
  return { phases, settings: { steps } };
}

async function graphileWorker(url) {
  const { Logger, makeWorkerUtils, run } = await import('graphile-worker');
  const logger = new Logger(() => () => {});
  const utils = await makeWorkerUtils({ connectionString: url, logger });
  await utils.migrate();
  const phases = {};
  for (const concurrency of concurrencies) {
    const task = `noop${concurrency}`;
    const jobs = jobsFor(concurrency === 1 ? 4000 : 8000);
    const ids = [];
    for (let i = 0; i < jobs; i += 1000) {
      const added = await utils.addJobs(Array.from({ length: Math.min(1000, jobs - i) }, () => ({ identifier: task, payload: {} })));
      for (const job of added) ids.push(job.id);
    }
    const window = measureWindow({ seconds });
    const runner = await run({ connectionString: url, concurrency, logger, noHandleSignals: true, taskList: { [task]: noop } });
    runner.events.on('job:complete', ({ error }) => {
      if (error) throw error;
      window.completed();
    });
    phases[concurrency] = await window.result;
    if (window.count >= jobs) throw new Error(`graphile-worker ran out of queued jobs (${jobs}): raise jobsFor`);
    await runner.stop();
    // The jobs left over would sit ahead of the next phase's in graphile-worker's queue order.
    for (let i = 0; i < ids.length; i += 1000) await utils.completeJobs(ids.slice(i, i + 1000));
  }
  await utils.release();
  return { phases, settings: { steps: 1, concurrency: 'run({ concurrency })', defaults: 'pollInterval 2000 ms, LISTEN/NOTIFY' } };
}

async function pgBoss(url) {
  const { PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, schedule: false, supervise: false });
  boss.on('error', (error) => {
    throw error;
  });
  await boss.start();
  const batchSize = 20;
  const phases = {};
  for (const concurrency of concurrencies) {
    const queue = `noop${concurrency}`;
    await boss.createQueue(queue);
    const jobs = jobsFor(concurrency === 1 ? 12000 : 16000);
    for (let i = 0; i < jobs; i += 1000) {
      await boss.insert(
        queue,
        Array.from({ length: Math.min(1000, jobs - i) }, () => ({ data: {} })),
      );
    }
    const window = measureWindow({ seconds });
    // Counted when the handler returns: pg-boss then writes the batch's completion before it fetches again, so
    // each worker's count runs at most one batch ahead of the database, a constant the rate over the window
    // does not see.
    await boss.work(queue, { localConcurrency: concurrency, batchSize, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 }, async (batch) => {
      for (const job of batch) await noop(job);
      for (let i = 0; i < batch.length; i++) window.completed();
    });
    phases[concurrency] = await window.result;
    if (window.count >= jobs) throw new Error(`pg-boss ran out of queued jobs (${jobs}): raise jobsFor`);
    await boss.offWork(queue, { wait: true });
    await boss.deleteQueue(queue);
  }
  await boss.stop({ graceful: false, wait: true });
  return {
    phases,
    settings: {
      steps: 1,
      localConcurrency: 'concurrency',
      batchSize,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 0.5,
      schedule: false,
      supervise: false,
    },
  };
}

async function dbos(url) {
  const { DBOS } = await import('@dbos-inc/dbos-sdk');
  DBOS.setConfig({ name: 'bench', systemDatabaseUrl: url, logLevel: 'error' });
  const stepFns = Array.from({ length: steps }, (_, i) => ({ name: `step${i + 1}` }));
  const workflow = DBOS.registerWorkflow(
    async () => {
      for (const step of stepFns) await DBOS.runStep(noop, step);
    },
    { name: 'noop' },
  );
  await DBOS.launch();
  const phases = {};
  for (const concurrency of concurrencies) {
    const window = measureWindow({ seconds });
    let done = false;
    const loop = async () => {
      while (!done) {
        await workflow();
        window.completed();
      }
    };
    const loops = Array.from({ length: concurrency }, loop);
    phases[concurrency] = await window.result;
    done = true;
    await Promise.all(loops);
  }
  await DBOS.shutdown();
  return { phases, settings: { steps, systemDatabasePoolSize: 'default' } };
}

const makers = { baton, 'graphile-worker': graphileWorker, 'pg-boss': pgBoss, dbos };
if (!(impl in makers)) throw new Error(`Unknown implementation ${impl}`);
const database = await freshDatabase(impl);
const { phases, settings } = await makers[impl](database.url);
await database.drop();
emit({
  case: 'pg-runs',
  impl,
  steps,
  runsPerSecC1: phases[1].runsPerSec,
  runsPerSecC10: phases[10].runsPerSec,
  roundTripsPerRunC1: phases[1].roundTripsPerRun,
  roundTripsPerRunC10: phases[10].roundTripsPerRun,
  cpuUsPerRunC1: phases[1].cpuUsPerRun,
  cpuUsPerRunC10: phases[10].cpuUsPerRun,
  runPathRoundTripsPerRunC1: phases[1].runPathRoundTripsPerRun,
  runPathRoundTripsPerRunC10: phases[10].runPathRoundTripsPerRun,
  clientRoundTripsPerRunC1: phases[1].clientRoundTripsPerRun,
  clientRoundTripsPerRunC10: phases[10].clientRoundTripsPerRun,
  runsC1: phases[1].runs,
  runsC10: phases[10].runs,
  totalRoundTrips: roundTrips.count,
  unhandledRejections: unhandled.length,
  ...(unhandled.length > 0 ? { firstUnhandledRejection: unhandled[0] } : {}),
  settings,
});
