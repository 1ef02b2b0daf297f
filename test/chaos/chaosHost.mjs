// One host process of the PostgreSQL chaos test (postgres.chaos.int.spec.ts starts three of these, kills them with
// SIGKILL and starts them again). Plain ESM on the BUILT packages (`pnpm build` first, as `pnpm test` does), so it
// runs as it is on Node 20, 22 and 24.
//
// env: DATABASE_URL (the test's server), CHAOS_LEASE_TTL_MS (the engine's and the singleton's lease TTL).
//
// It runs, on @baton/postgres:
//   - `chaos`, every second (cron `* * * * * *`, so every replica has the same slots), three steps; each step
//     inserts an execution row (run, step, this pid) in chaos_executions, works 150 ms, marks the row finished, writes
//     its side effect keyed by (run, step) in chaos_effects (ON CONFLICT DO NOTHING: idempotent, as a user would
//     write it) and returns the execution's id, which the checkpoint keeps. Overlap `{ allow: 10 }`: no tick is
//     skipped while a dead replica's run waits for recovery; missed `{ catchUp: '30s' }`: a slot that passed while
//     the event loop stalled (2 cores, the whole suite beside) still runs; so every slot should end `succeeded`.
//   - `ChaosSingleton`, a singleton BackgroundService that writes a row with its fencing token every 100 ms while it
//     holds its lease.
// It prints one JSON line `{"event":"ready"}` once the host has started.
import { createRequire } from 'node:module';

const root = new URL('../../', import.meta.url);
const { BackgroundService, Clock, configureWorkflows, cron, defineWorkflow } = await import(new URL('packages/core/dist/index.js', root).href);
const { createHost } = await import(new URL('packages/host/dist/index.js', root).href);
const { addPostgres } = await import(new URL('packages/postgres/dist/index.js', root).href);
// The test's own connection for the side effects: independent of the store under test.
const pg = createRequire(new URL('packages/postgres/package.json', root))('pg');

const url = process.env.DATABASE_URL;
const leaseTtlMs = Number(process.env.CHAOS_LEASE_TTL_MS ?? 3000);
// Bounded waits: a connection the restart of the server left half-open fails (and is retried) instead of hanging.
const effects = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2000, query_timeout: 2000 });
// A dropped connection (the server's restart) is retried by the next query; an idle client's error must not crash.
effects.on('error', () => {});

/** Runs `sql` until the server answers: the side effects outlive a restart of PostgreSQL, as the store does. */
async function write(sql, values, signal) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await effects.query(sql, values);
    } catch (error) {
      if (signal?.aborted || attempt >= 100 || !isConnectionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function isConnectionError(error) {
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'].includes(error?.code) ||
    /Connection terminated|not queryable|timeout/i.test(String(error?.message))
  );
}

const work = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

const step =
  (name) =>
  async ({ run, signal }) => {
    const { rows } = await write('INSERT INTO chaos_executions (run_id, step, pid) VALUES ($1, $2, $3) RETURNING id', [run.id, name, process.pid], signal);
    const execution = rows[0].id;
    await work(150, signal);
    await write('UPDATE chaos_executions SET finished_at = clock_timestamp() WHERE id = $1', [execution], signal);
    await write('INSERT INTO chaos_effects (run_id, step, execution) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [run.id, name, execution], signal);
    return { execution };
  };

class ChaosSingleton extends BackgroundService {
  static inject = [Clock];
  constructor(clock) {
    super();
    this.clock = clock;
  }

  async execute(signal) {
    while (await this.clock.sleep(100, signal)) {
      const lease = this.lease;
      if (lease === undefined) return;
      await write('INSERT INTO chaos_singleton (fence, pid) VALUES ($1, $2)', [lease.fence, process.pid], signal);
    }
  }
}

/** Log lines as JSON on stderr, info and above: the test shows a replica's last lines when an assertion fails. */
const stderrLogger = (bound = {}) => {
  const line = (level) => (message, fields) => {
    const error = fields?.error instanceof Error ? { error: `${fields.error.name}: ${fields.error.message}` } : {};
    process.stderr.write(JSON.stringify({ level, pid: process.pid, at: new Date().toISOString(), message, ...bound, ...fields, ...error }) + '\n');
  };
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: () => {}, child: (fields) => stderrLogger({ ...bound, ...fields }) };
};

const host = createHost({ logger: stderrLogger(), shutdownTimeout: '5s' });
addPostgres(host, { url });
configureWorkflows(host, { leaseTtl: leaseTtlMs });
host.addWorkflow(
  defineWorkflow('chaos')
    .schedule(cron('* * * * * *'))
    .options({ overlap: { allow: 10 }, missed: { catchUp: '30s' }, recovery: 'resume' })
    .step('one', step('one'))
    .step('two', step('two'))
    .step('three', step('three')),
);
host.addHostedService(ChaosSingleton, { singleton: { leaseTtl: leaseTtlMs } });
await host.start();
process.stdout.write(JSON.stringify({ event: 'ready', pid: process.pid }) + '\n');

const stop = async () => {
  await host.stop();
  await effects.end();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
