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
  roundTrips.count++;
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
 * Counts completions over a window: `completed()` is called once per finished run; the window opens `warmupMs`
 * after the first completion and lasts `seconds` (each end on a completion). Resolves with the rate and the round trips per run in it:
 * `roundTripsPerRun` from `trips()` (an implementation's own count, e.g. @baton/postgres's stats) when given,
 * otherwise from the client-side count; `clientRoundTripsPerRun` always from the client-side count; and one
 * `<name>PerRun` for each of `counters` (`{ name: () => number }`).
 */
export function measureWindow({ seconds, warmupMs = 500, trips, counters = {} }) {
  let count = 0;
  let openAt;
  let closeAt;
  let opened;
  let resolveResult;
  const result = new Promise((resolve) => (resolveResult = resolve));
  const snapshot = (at) => ({
    at,
    count,
    cpu: process.cpuUsage(),
    client: roundTrips.count,
    own: trips?.(),
    counted: Object.fromEntries(Object.entries(counters).map(([name, read]) => [name, read()])),
  });
  // The window opens and closes on a completion (the first one past each instant), so that at concurrency 1 it
  // holds whole runs only: no run's first queries before it and its last inside.
  const completed = () => {
    count++;
    const now = process.hrtime.bigint();
    if (count === 1) {
      openAt = now + BigInt(warmupMs) * 1_000_000n;
      closeAt = openAt + BigInt(Math.round(seconds * 1000)) * 1_000_000n;
    } else if (opened === undefined && now >= openAt) {
      opened = snapshot(now);
    } else if (opened !== undefined && closeAt !== undefined && now >= closeAt) {
      closeAt = undefined;
      const closed = snapshot(now);
      const elapsed = Number(closed.at - opened.at) / 1e9;
      const runs = closed.count - opened.count;
      const clientRoundTripsPerRun = (closed.client - opened.client) / runs;
      resolveResult({
        runs,
        seconds: elapsed,
        runsPerSec: runs / elapsed,
        // This process's CPU (user + system) per run: what the library costs the app, beside the database's time.
        cpuUsPerRun: (closed.cpu.user - opened.cpu.user + closed.cpu.system - opened.cpu.system) / runs,
        roundTripsPerRun: trips ? (closed.own - opened.own) / runs : clientRoundTripsPerRun,
        clientRoundTripsPerRun,
        ...Object.fromEntries(Object.keys(counters).map((name) => [`${name}PerRun`, (closed.counted[name] - opened.counted[name]) / runs])),
      });
    }
  };
  return {
    completed,
    result,
    get count() {
      return count;
    },
  };
}

/** Prints the one JSON line the runner reads, then exits (pools and listeners keep the process alive). */
export function emit(result) {
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
}
