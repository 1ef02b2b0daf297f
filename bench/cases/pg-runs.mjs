// Durable completed runs per second, per process, on PostgreSQL (fsync on), at concurrency 1 and then 10.
// Usage: node cases/pg-runs.mjs <baton|graphile-worker|pg-boss|dbos> <steps: 1|3> [seconds]
//   → one JSON line {runsPerSecC1, runsPerSecC10, roundTripsPerRunC1, roundTripsPerRunC10, settings, ...}; Baton's also
//   has runPathRoundTripsPerRunC1/C10 (the run's own writes: claim, step records, end; no heartbeats or sweeps).
//
// What is measured, the same way for every implementation:
//   - **The same warm-up for all.** Each phase (a concurrency, and for Baton and DBOS pipelined or awaited) runs for
//     WARMUP_MS (2 s, cases/_pg.mjs) after its first reported completion before its window opens: V8 compiles the hot
//     path under the phase's own load meanwhile (1.25-1.75 s for Baton and graphile-worker in 250 ms buckets). With
//     0.5 s, the first phase of a process (concurrency 1) had about a second of warm-up in its window: 314-987 runs/s
//     for Baton run first against 830-892 run second.
//   - **Durable completions, counted from the database.** Each phase's window opens after that warm-up and lasts
//     `seconds`; at each end one query of the implementation's own tables reads
//     how many runs or jobs are completed there (Baton: runs `succeeded`; graphile-worker: jobs deleted, i.e. the
//     queued jobs minus those left; pg-boss: jobs `completed`; DBOS: workflows `SUCCESS`). A run counts once its
//     completion is committed, not when a library reports it: graphile-worker 0.18 emits `job:complete` before its
//     completion is written (worker.js calls `completeJob(job)` unawaited), pg-boss's handler returns before its
//     batch's completion is written. The reports' own rate is in `reportedPerSecC1/C10`.
//   - **Concurrency N = N runs executing at a time** (a run's claim or fetch, and its steps), each's completion write
//     allowed to overlap the next run's start: what graphile-worker's `run({ concurrency })` does (its worker calls
//     `completeJob` unawaited and fetches its next job at once; its default completeJobBatchDelay -1 writes each
//     completion alone). pg-boss's worker awaits its batch's completion before it fetches again: its own choice, kept.
//     Baton and DBOS are driven by the case (a run is a call): `pipelined` in cases/_pg.mjs runs N loops, each starts
//     its next run once its current run's last step has returned, with at most one run per loop still completing.
//     `runsPerSecAwaitedC1/C10` is the same without the overlap: each call awaited to its end before the next, as an
//     app awaits `Workflows.trigger`.
// Round trips are every query any `pg` client of the process sent in the window (the bench's counting query
// excluded), divided by the durable completions in it (background polling and heartbeats included); Baton's
// roundTripsPerRun is @baton/postgres's own count (PostgresDatabase.stats()).
//
//   - baton: `defineWorkflow('noop')` with `steps` no-op steps on `createHost()` with `addPostgres` (null logger),
//     and `Workflows.trigger('noop', slot)`: the run is created (the claim), its steps run and recorded, and its end
//     written in PostgreSQL before the trigger resolves (the steps pass the loop's slot on, the last one reports
//     that it returned).
//   - graphile-worker (steps 1): a no-op task; jobs enqueued beforehand with `addJobs` (in batches, outside the
//     window), then `run({ concurrency })` drains them. Default options otherwise (poll interval 2 s, LISTEN/NOTIFY on).
//   - pg-boss (steps 1): a no-op handler on a queue; jobs inserted beforehand with `insert` (batches, outside the
//     window), then `work()`: pg-boss fetches one batch per poll, so at its defaults (batchSize 1, a 2 s poll) it
//     would complete one job per worker every 2 s. Tuned, and recorded in `settings`: `localConcurrency` =
//     concurrency, `batchSize` 20, `burstWhenBatchFull` (fetch again at once while batches come back full),
//     `pollingIntervalSeconds` 0.5 (its minimum); the handler runs the batch's jobs one after another.
//   - dbos (steps 3): DBOS Transact 5.3, a workflow (`DBOS.registerWorkflow`) of `steps` `DBOS.runStep` no-op
//     steps, called in the same loops as Baton's: DBOS records the workflow and each step's output.
// Peers' jobs are enqueued outside the window and Baton's runs are created inside it (a Baton run begins with its
// claim), which favours the peers.
import { awaitedLoops, emit, freshDatabase, measureWindow, pipelined, roundTrips, WARMUP_MS } from './_pg.mjs';

const impl = process.argv[2] ?? 'baton';
const steps = Number(process.argv[3] ?? 1);
const seconds = Number(process.argv[4] ?? 2);
const concurrencies = [1, 10];
// Enough jobs queued up front for a phase at up to this many jobs/s (the window, its warm-up and 1 s of slack).
const jobsFor = (rate) => Math.ceil(rate * (seconds + WARMUP_MS / 1000 + 1));

const noop = async () => undefined;

// An unhandled rejection would end the process and lose the measurement: counted and reported instead (see the
// `unhandledRejections` figure; issue 11 asks for none). Seen once on 2026-12-01 in Baton at concurrency 10: the lease
// heartbeat fencing a run that had just ended ('was taken over: its lease could not be renewed by <itself>').
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason?.message ?? reason)));

/**
 * Runs the phases of a caller-driven implementation: for each concurrency, pipelined (the figures) and then awaited
 * (`runsPerSecAwaited*`). `begin(slot)` starts one run for loop `slot` and returns the promise of its completion
 * (rejected when the run did not succeed); the run's last step calls {@link lastStepReturned} with the slot.
 */
async function callerPhases({ url, durable, begin, trips, counters }) {
  const start = (slot) => {
    const executed = new Promise((resolve) => executedBy.set(slot, resolve));
    return { executed, completed: begin(slot) };
  };
  const phases = {};
  const awaited = {};
  for (const [into, drive] of [
    [phases, pipelined],
    [awaited, awaitedLoops],
  ]) {
    for (const concurrency of concurrencies) {
      const window = measureWindow({ url, durable, seconds, trips, counters });
      const stop = drive({ concurrency, start, onCompleted: () => window.completed() });
      into[concurrency] = await window.result;
      await stop();
    }
  }
  return { phases, awaited };
}

/** The loops' runs that are executing, by slot: the last step of a run calls {@link lastStepReturned} with its slot. */
const executedBy = new Map();
const lastStepReturned = (slot) => executedBy.get(slot)?.();

async function baton(url) {
  const { addWorkflow, defineWorkflow, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const { addPostgres, PostgresDatabaseToken } = await import('@baton/postgres');
  const host = createHost({ logger: NullLogger });
  addPostgres(host, { url });
  let workflow = defineWorkflow('noop');
  for (let i = 1; i <= steps; i++) {
    workflow = workflow.step(`step${i}`, async ({ input }) => {
      if (i === steps) lastStepReturned(input);
      return input;
    });
  }
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
  // Round trips from @baton/postgres's own count (PostgresDatabase.stats()): all of them, and those of the run's
  // own path (its claim, its steps' records, its end, and an end written with the next claim: finishAndCreateRuns),
  // without the heartbeats and sweeps that run beside.
  const runPath = () =>
    ['createRun', 'recordStep', 'finishRun', 'finishAndCreateRuns'].reduce((sum, operation) => sum + (database.stats().byOperation[operation] ?? 0), 0);
  const result = await callerPhases({
    url,
    durable: (count) => count(`SELECT count(*) FROM baton.runs WHERE status = 'succeeded'`),
    trips: () => database.stats().roundTrips,
    counters: { runPathRoundTrips: runPath },
    begin: (slot) =>
      workflows.trigger('noop', slot).then((record) => {
        if (record.status !== 'succeeded') throw new Error(`run ended ${record.status}: ${JSON.stringify(record.error)}`);
      }),
  });
  await host.stop();
  return { ...result, settings: { steps } };
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
    // Completed jobs are deleted: the durable count is the queued jobs minus those left (only differences matter).
    const window = measureWindow({ url, seconds, durable: (count) => count('SELECT -count(*) FROM graphile_worker._private_jobs') });
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
  let stopped = false;
  boss.on('error', (error) => {
    // Once stopped, a connection it still holds may be ended by the database's drop (57P01): not a failure of the run.
    if (!stopped) throw error;
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
    const window = measureWindow({
      url,
      seconds,
      durable: (count) => count(`SELECT count(*) FROM pgboss.job WHERE name = $1 AND state = 'completed'`, [queue]),
    });
    // Reported when the handler returns; pg-boss writes the batch's completion after that, before it fetches again.
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
  stopped = true;
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
    async (slot) => {
      for (const [i, step] of stepFns.entries()) {
        await DBOS.runStep(async () => {
          if (i === steps - 1) lastStepReturned(slot);
        }, step);
      }
    },
    { name: 'noop' },
  );
  await DBOS.launch();
  const result = await callerPhases({
    url,
    durable: (count) => count(`SELECT count(*) FROM dbos.workflow_status WHERE status = 'SUCCESS'`),
    begin: (slot) => workflow(slot),
  });
  await DBOS.shutdown();
  return { ...result, settings: { steps, systemDatabasePoolSize: 'default' } };
}

const makers = { baton, 'graphile-worker': graphileWorker, 'pg-boss': pgBoss, dbos };
if (!(impl in makers)) throw new Error(`Unknown implementation ${impl}`);
const database = await freshDatabase(impl);
const { phases, awaited, settings } = await makers[impl](database.url);
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
  reportedPerSecC1: phases[1].reportedPerSec,
  reportedPerSecC10: phases[10].reportedPerSec,
  ...(awaited === undefined ? {} : { runsPerSecAwaitedC1: awaited[1].runsPerSec, runsPerSecAwaitedC10: awaited[10].runsPerSec }),
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
