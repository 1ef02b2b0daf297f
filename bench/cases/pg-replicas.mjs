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
// round trips (@baton/postgres's stats) over the window, and which (workflow, slot) its steps ran.
// roundTripsPerTick = the three replicas' round trips / the ticks run (losing claims, heartbeats and sweeps
// included); ranTwice = ticks whose step ran on more than one replica or twice; lost = slots of the window no step ran.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [mode] = process.argv.slice(2);

if (mode === 'host') {
  const [, url, count, expression, windowStart, windowEnd] = process.argv.slice(2);
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
  // The window: measured from its first slot to the slot after its last, plus 5 s for the last slot's runs to end.
  const at = (epochMs, fn) => setTimeout(fn, Math.max(0, epochMs - Date.now()));
  let opened;
  at(start - 100, () => (opened = { cpu: process.cpuUsage(), trips: database.stats().roundTrips, time: Date.now() }));
  at(end + 5000, () => {
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
  // The window starts at a slot far enough ahead for three hosts with `count` workflows to start (about 1 s per
  // 10,000 workflows each, plus the migrations).
  const anchor = Date.now();
  const windowStart = schedule.nextSlot(anchor + 20_000, anchor);
  const windowEnd = windowStart + windowSeconds * 1000;
  const slots = [];
  for (let slot = windowStart; slot < windowEnd; slot = schedule.nextSlot(slot, anchor)) slots.push(slot);
  const hosts = [0, 1, 2].map(() => {
    const child = spawn(process.execPath, [script, 'host', database.url, String(count), expression, String(windowStart), String(windowEnd)], {
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
    if (Date.now() > windowStart) throw new Error('The hosts took longer to start than the window allows: raise the 20 s lead');
    const reports = [];
    for (const host of hosts) reports.push(await host.when('report'));
    for (const host of hosts) host.child.kill('SIGTERM');
    await Promise.all(hosts.map((host) => host.exited));
    const seen = new Map();
    for (const report of reports) for (const key of report.ran) seen.set(key, (seen.get(key) ?? 0) + 1);
    const ticks = [...seen.values()].reduce((sum, n) => sum + n, 0);
    const expectedTicks = slots.length * count;
    const roundTrips = reports.reduce((sum, report) => sum + report.roundTrips, 0);
    await database.drop();
    emit({
      case: 'pg-replicas',
      impl: 'baton',
      workflows: count,
      expression,
      slots: slots.length,
      ticks,
      expectedTicks,
      ranTwice: [...seen.values()].filter((n) => n > 1).length,
      lost: expectedTicks - seen.size,
      roundTripsPerTick: roundTrips / ticks,
      cpuPercentPerReplica: Math.max(...reports.map((report) => report.cpuPercent)),
      cpuPercentByReplica: reports.map((report) => report.cpuPercent),
      ticksByReplica: reports.map((report) => report.ran.length),
    });
  } finally {
    for (const host of hosts) if (host.child.exitCode === null) host.child.kill('SIGKILL');
  }
}
