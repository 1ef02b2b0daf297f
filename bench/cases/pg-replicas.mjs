// 10,000 workflows across 3 replicas on one PostgreSQL (fsync on): each tick claimed once; database round trips per
// tick and CPU per replica. A manual case (`node bench/run.mjs pg-replicas`): minutes long.
// Usage: node cases/pg-replicas.mjs baton [workflows] [windowSeconds] [cron]
//   → one JSON line {roundTripsPerTick, cpuPercentPerReplica, ticks, expectedTicks, ranTwice, lost, ...}.
//
// Three host processes (this script in `host` mode), each with the same `workflows` workflows
// (`defineWorkflow('w<i>').schedule(cron(expression)).step('noop', …)`, default `0 * * * * *`: every minute, on the
// minute), `host.addWorkflow` on `createHost` + `addPostgres`, null logger. Every replica asks for every slot (the
// claim is the run's INSERT … ON CONFLICT DO NOTHING); one wins and runs it. The window opens at the first slot
// after all three have started and holds `windowSeconds`; each replica reports its CPU (process.cpuUsage) and its
// round trips (@baton/postgres's stats) from the window's start to a minute after its end, and which (workflow, slot)
// its steps ran. From the store: ticks = the window's scheduled runs; ranTwice = runs beyond one per slot; lost =
// slots of the window without a run (dropped without a record); statuses. roundTripsPerTick = the three replicas'
// round trips / ticks (losing claims, heartbeats and sweeps included); stepRanTwice = ticks whose step ran more than
// once (a run recovered after its lease expired, its step not yet checkpointed, runs it again under `resume`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [mode] = process.argv.slice(2);

if (mode === 'host') {
  const [, url, count, expression, windowStart, windowEnd, reportAt] = process.argv.slice(2);
  const { cron, defineWorkflow, NullLogger } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const { addPostgres, PostgresDatabaseToken } = await import('@baton/postgres');
  const host = createHost({ logger: NullLogger });
  addPostgres(host, { url });
  const ran = [];
  const start = Number(windowStart);
  const end = Number(windowEnd);
  const step = ({ run }) => {
    if (run.scheduledAt >= start && run.scheduledAt < end) ran.push(`${run.workflow}@${run.scheduledAt}`);
  };
  for (let i = 0; i < Number(count); i++) host.addWorkflow(defineWorkflow(`w${i}`).schedule(cron(expression)).step('noop', step));
  let database;
  host.addHostedService((services) => ({ start: async () => void (database = services.get(PostgresDatabaseToken)), stop: async () => {} }), { name: 'bench' });
  await host.start();
  process.stdout.write(JSON.stringify({ event: 'ready' }) + '\n');
  // Measured from the window's first slot until `reportAt` (the window's end plus the time its runs take to end).
  const at = (epochMs, fn) => setTimeout(fn, Math.max(0, epochMs - Date.now()));
  let opened;
  at(start - 100, () => (opened = { cpu: process.cpuUsage(), trips: database.stats().roundTrips, time: Date.now() }));
  at(Number(reportAt), () => {
    const cpu = process.cpuUsage(opened.cpu);
    const seconds = (Date.now() - opened.time) / 1000;
    process.stdout.write(
      JSON.stringify({
        event: 'report',
        cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
        roundTrips: database.stats().roundTrips - opened.trips,
        ran,
      }) + '\n',
    );
  });
  process.once('SIGTERM', () => host.stop().then(() => process.exit(0)));
} else {
  const { cron } = await import('@baton/core');
  const { emit, freshDatabase } = await import('./_pg.mjs');
  const count = Number(process.argv[3] ?? 10_000);
  const windowSeconds = Number(process.argv[4] ?? 180);
  const expression = process.argv[5] ?? '0 * * * * *';
  const schedule = cron(expression);
  const database = await freshDatabase('replicas');
  const script = fileURLToPath(import.meta.url);
  // The window starts at a slot far enough ahead for three hosts with `count` workflows to start: each reads every
  // workflow's last slot from the store as it starts (the missed-run policy), about 2 ms per workflow on a busy
  // 2-core machine, plus the migrations.
  const anchor = Date.now();
  const windowStart = schedule.nextSlot(anchor + 20_000 + count * 3, anchor);
  const windowEnd = windowStart + windowSeconds * 1000;
  const slots = [];
  for (let slot = windowStart; slot < windowEnd; slot = schedule.nextSlot(slot, anchor)) slots.push(slot);
  // Every replica reports once the window's runs had time to end: a minute after it (10,000 runs due at once take
  // tens of seconds on 2 cores).
  const reportAt = windowEnd + 60_000;
  const hosts = [0, 1, 2].map(() => {
    const child = spawn(process.execPath, [script, 'host', database.url, String(count), expression, String(windowStart), String(windowEnd), String(reportAt)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    const lines = [];
    let notify = () => {};
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        lines.push(JSON.parse(buffer.slice(0, newline)));
        buffer = buffer.slice(newline + 1);
        notify();
      }
    });
    const when = (event) =>
      new Promise((resolve) => {
        const check = () => {
          const found = lines.find((line) => line.event === event);
          if (found) resolve(found);
        };
        notify = check;
        check();
      });
    return { child, when, exited: new Promise((resolve) => child.once('exit', resolve)) };
  });
  try {
    for (const host of hosts) await host.when('ready');
    if (Date.now() > windowStart) throw new Error('The hosts took longer to start than the window allows: raise the lead (20 s + 3 ms per workflow)');
    const reports = [];
    for (const host of hosts) reports.push(await host.when('report'));
    for (const host of hosts) host.child.kill('SIGTERM');
    await Promise.all(hosts.map((host) => host.exited));
    // Step executions per tick, as the replicas saw them (more than one: a run recovered after its lease expired,
    // its step not checkpointed, so run again under `resume`), and the runs as the store has them.
    const seen = new Map();
    for (const report of reports) for (const key of report.ran) seen.set(key, (seen.get(key) ?? 0) + 1);
    const expectedTicks = slots.length * count;
    const roundTrips = reports.reduce((sum, report) => sum + report.roundTrips, 0);
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const window = [windowStart, windowEnd];
    const [stored] = (
      await client.query(
        `SELECT count(*)::int AS runs, count(DISTINCT (workflow, scheduled_at))::int AS slots, json_object_agg(status, n) AS statuses, sum(recovered)::int AS recovered
           FROM (SELECT status, workflow, scheduled_at, count(*) OVER (PARTITION BY status) AS n, (jsonb_array_length(recoveries) > 0)::int AS recovered
                   FROM baton.runs WHERE trigger = 'schedule' AND scheduled_at >= $1 AND scheduled_at < $2) r`,
        window,
      )
    ).rows;
    await client.end();
    await database.drop();
    const ticks = stored.runs;
    emit({
      case: 'pg-replicas',
      impl: 'baton',
      workflows: count,
      expression,
      slots: slots.length,
      ticks,
      expectedTicks,
      // Runs per slot in the store beyond one (the claim key forbids them), and slots of the window with no run.
      ranTwice: stored.runs - stored.slots,
      lost: expectedTicks - stored.slots,
      statuses: stored.statuses,
      recovered: stored.recovered,
      stepRanTwice: [...seen.values()].filter((n) => n > 1).length,
      stepRan: seen.size,
      roundTripsPerTick: roundTrips / ticks,
      cpuPercentPerReplica: Math.max(...reports.map((report) => report.cpuPercent)),
      cpuPercentByReplica: reports.map((report) => report.cpuPercent),
      ticksByReplica: reports.map((report) => report.ran.length),
    });
  } finally {
    for (const host of hosts) if (host.child.exitCode === null) host.child.kill('SIGKILL');
  }
}
