// Helpers shared by the PostgreSQL benchmark cases (not a case itself).
//
// The runner starts ONE throwaway PostgreSQL 15 for all the PostgreSQL cases of a run (fsync on, the same server
// for every peer) and passes its URL in BATON_BENCH_DATABASE_URL. Each process creates a database of its own on
// it and drops it when done, so no implementation sees another's tables. Run by hand without the variable, a case
// starts a server of its own (scripts/postgres.mjs, fsync on).
import pg from 'pg';

/**
 * Database round trips, counted on the client: every `query` a `pg` client sends (pools, LISTEN connections and
 * every library's own queries included). Every peer and Baton's store use the same `pg` 8.23.1 module (pnpm
 * dedupes it), so one patch of `Client.prototype.query` sees them all.
 */
export const roundTrips = { count: 0 };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  // The bench's own counting queries (measureWindow) are not the implementation's.
  if (this.uncounted !== true) roundTrips.count++;
  return originalQuery.apply(this, args);
};

let ownServer;

/** The URL of a fresh database on the run's server; `drop()` removes it (and stops a server started here). */
export async function freshDatabase(label) {
  let serverUrl = process.env.BATON_BENCH_DATABASE_URL;
  if (!serverUrl) {
    const { startPostgres } = await import('../../scripts/postgres.mjs');
    ownServer = await startPostgres({ fsync: true });
    serverUrl = ownServer.url;
  }
  const name = `bench_${label.replace(/[^a-z0-9]/gi, '_')}_${process.pid}`.toLowerCase();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      if (ownServer) await ownServer.stop();
    },
  };
}

/**
 * The warm-up of every phase, for every implementation alike: the window opens this long after the phase's first
 * reported completion, the phase running at its own concurrency meanwhile. Long enough for V8 to have compiled the
 * phase's hot path: in 250 ms buckets of the first phase of a process (2026-12-02, load 0.5-1.9), the CPU per run of
 * Baton and of graphile-worker fell from ~900 µs to their steady state within 1.25-1.75 s. It was 0.5 s, which put
 * a second of the first phase's warm-up into its 3 s window, for whichever implementation warms up slower.
 */
export const WARMUP_MS = 2_000;

/**
 * Counts durable completions over a window, from the database. `completed()` is called on each completion the
 * implementation reports (an event, a resolved call): the first one starts the warm-up, and the count is used to check
 * that the queued jobs did not run out. The window opens `warmupMs` after that first report and lasts `seconds`; at
 * each end `durable()` (a query of the implementation's own tables, on a connection of the bench's, not counted in the
 * round trips) reads how many runs or jobs the database holds as completed, so a run counts only once its completion
 * is committed, whether or not the implementation waited for that write before reporting it. Resolves with the rate
 * and the round trips per durable run in it: `roundTripsPerRun` from `trips()` (an implementation's own count, e.g.
 * @baton/postgres's stats) when given, otherwise from the client-side count; `clientRoundTripsPerRun` always from the
 * client-side count; one `<name>PerRun` for each of `counters` (`{ name: () => number }`); and `reportedPerSec`, the
 * rate of the reports themselves over the same window.
 */
export function measureWindow({ url, durable, seconds, warmupMs = WARMUP_MS, trips, counters = {} }) {
  let count = 0;
  let resolveResult;
  let rejectResult;
  const result = new Promise((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  const counter = new pg.Client({ connectionString: url });
  counter.uncounted = true;
  const connected = counter.connect();
  const snapshot = async () => {
    const at = process.hrtime.bigint();
    const taken = { at, count, cpu: process.cpuUsage(), client: roundTrips.count, own: trips?.() };
    taken.counted = Object.fromEntries(Object.entries(counters).map(([name, read]) => [name, read()]));
    taken.durable = await durable((text, values) => counter.query(text, values).then((r) => Number(Object.values(r.rows[0])[0])));
    return taken;
  };
  const measure = async () => {
    await connected;
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    const opened = await snapshot();
    await new Promise((resolve) => setTimeout(resolve, Math.round(seconds * 1000)));
    const closed = await snapshot();
    await counter.end();
    const elapsed = Number(closed.at - opened.at) / 1e9;
    const runs = closed.durable - opened.durable;
    if (!(runs > 0)) throw new Error(`no durable completion in the window (${opened.durable} → ${closed.durable})`);
    const clientRoundTripsPerRun = (closed.client - opened.client) / runs;
    return {
      runs,
      seconds: elapsed,
      runsPerSec: runs / elapsed,
      reportedPerSec: (closed.count - opened.count) / elapsed,
      // This process's CPU (user + system) per run: what the library costs the app, beside the database's time.
      cpuUsPerRun: (closed.cpu.user - opened.cpu.user + closed.cpu.system - opened.cpu.system) / runs,
      roundTripsPerRun: trips ? (closed.own - opened.own) / runs : clientRoundTripsPerRun,
      clientRoundTripsPerRun,
      ...Object.fromEntries(Object.keys(counters).map((name) => [`${name}PerRun`, (closed.counted[name] - opened.counted[name]) / runs])),
    };
  };
  const completed = () => {
    count++;
    if (count === 1) measure().then(resolveResult, rejectResult);
  };
  return {
    completed,
    result,
    get count() {
      return count;
    },
  };
}

/**
 * Drives `concurrency` loops of runs for a caller-driven implementation (Baton, DBOS), the way a job queue's worker
 * loop runs its jobs: each loop has one run executing at a time (its claim or start, and its steps), and starts its
 * next run as soon as the current run's last step has returned, while the current run's completion is still being
 * written, as graphile-worker 0.18's worker fetches its next job while its `completeJob` write is in flight. At most
 * one run per loop is completing beside the one executing: before a loop starts a run it waits for the completion of
 * the one before the last. `start(slot)` begins a run for loop `slot` and returns `{ executed, completed }`: promises
 * of its last step's return and of its completion (which rejects when the run failed). Returns `stop()`, which
 * resolves once every loop has stopped and every run it started has completed.
 */
export function pipelined({ concurrency, start, onCompleted }) {
  let stopped = false;
  const loop = async (slot) => {
    let completing = Promise.resolve();
    while (!stopped) {
      const { executed, completed } = start(slot);
      const checked = completed.then(onCompleted);
      await Promise.race([executed, checked]);
      await completing;
      completing = checked;
    }
    await completing;
  };
  const loops = Array.from({ length: concurrency }, (_, slot) => loop(slot));
  return () => {
    stopped = true;
    return Promise.all(loops);
  };
}

/**
 * The same loops without the overlap: each loop awaits its run's completion before it starts the next (for Baton, a
 * `Workflows.trigger` awaited to the end, as an app awaits it). Returns `stop()`.
 */
export function awaitedLoops({ concurrency, start, onCompleted }) {
  let stopped = false;
  const loop = async (slot) => {
    while (!stopped) onCompleted(await start(slot).completed);
  };
  const loops = Array.from({ length: concurrency }, (_, slot) => loop(slot));
  return () => {
    stopped = true;
    return Promise.all(loops);
  };
}

/** Prints the one JSON line the runner reads, then exits (pools and listeners keep the process alive). */
export function emit(result) {
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
}
