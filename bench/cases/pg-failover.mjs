// Failover after kill -9 of a lease holder, on PostgreSQL: a run resumed on another replica, and a singleton
// BackgroundService taken over, each timed from the kill; compared with the lease TTL plus 1 s (the bound).
// Usage: node cases/pg-failover.mjs baton [leaseTtlSeconds]
//   → one JSON line {runFailoverMs, singletonFailoverMs, runFailoverRatio, singletonFailoverRatio, leaseTtlMs}.
//
// Two host processes (this script in `host` mode: createHost + addPostgres, the engine's and the singleton's lease
// TTL set to `leaseTtlSeconds`, default 10 s, the defaults otherwise) on a fresh database:
//   1. A starts; its singleton service takes the lease, and A triggers `long` (recovery `resume`): step `one`
//      completes, step `two` waits for ever.
//   2. B starts, once A holds both.
//   3. A is killed with SIGKILL.
//   4. runFailoverMs: the kill to step `two` of the same run starting on B (B's recovery sweep found the run's lease
//      expired, took it over with epoch + 1 and resumed it after its checkpoint); singletonFailoverMs: the kill to
//      B's singleton `execute` starting with a new fencing token. Both read on the hi-res wall clock of each process.
// The ratios are each time / (leaseTtl + 1 s): at most 1 meets the target.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nowMs } from './_lib.mjs';

const [mode] = process.argv.slice(2);

if (mode === 'host') {
  const [, name, url, ttlMs, trigger] = process.argv.slice(2);
  const { BackgroundService, configureWorkflows, defineWorkflow, NullLogger, Workflows } = await import('@baton/core');
  const { createHost } = await import('@baton/host');
  const { addPostgres } = await import('@baton/postgres');
  const say = (event) => process.stdout.write(JSON.stringify({ host: name, at: nowMs(), ...event }) + '\n');
  const host = createHost({ logger: NullLogger });
  addPostgres(host, { url });
  configureWorkflows(host, { leaseTtl: Number(ttlMs) });
  host.addWorkflow(
    defineWorkflow('long')
      .options({ recovery: 'resume' })
      .step('one', ({ run }) => (say({ event: 'step', step: 'one', runId: run.id }), 1))
      .step('two', ({ run, signal }) => {
        say({ event: 'step', step: 'two', runId: run.id });
        return new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      }),
  );
  class Singleton extends BackgroundService {
    async execute(signal) {
      say({ event: 'singleton', fence: this.lease.fence });
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    }
  }
  host.addHostedService(Singleton, { singleton: { leaseTtl: Number(ttlMs) } });
  let workflows;
  host.addHostedService((services) => ({ start: async () => void (workflows = services.get(Workflows)), stop: async () => {} }), { name: 'bench' });
  await host.start();
  say({ event: 'ready' });
  if (trigger === 'trigger') void workflows.trigger('long').catch(() => {});
  process.once('SIGTERM', () => host.stop().then(() => process.exit(0)));
} else {
  const { emit, freshDatabase } = await import('./_pg.mjs');
  const leaseTtlMs = Number(process.argv[3] ?? 10) * 1000;
  const database = await freshDatabase('failover');
  const script = fileURLToPath(import.meta.url);
  const children = [];
  const start = (name, trigger) => {
    const child = spawn(process.execPath, [script, 'host', name, database.url, String(leaseTtlMs), trigger ? 'trigger' : ''], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const events = [];
    const waiters = [];
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        events.push(event);
        for (const waiter of [...waiters]) {
          if (!waiter.match(event)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
    /** The first event matching `match`, past or future; fails after `timeoutMs`. */
    const when = (what, match, timeoutMs = 4 * leaseTtlMs + 30_000) =>
      new Promise((resolve, reject) => {
        const seen = events.find(match);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`${name}: no ${what} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
      });
    const handle = { child, events, when, exited: new Promise((resolve) => child.once('exit', resolve)) };
    children.push(handle);
    return handle;
  };
  try {
    const a = start('A', true);
    const held = await a.when('singleton', (e) => e.event === 'singleton');
    const running = await a.when('step two', (e) => e.event === 'step' && e.step === 'two');
    const b = start('B', false);
    await b.when('ready', (e) => e.event === 'ready');
    const killedAt = nowMs();
    a.child.kill('SIGKILL');
    await a.exited;
    const [resumed, taken] = await Promise.all([
      b.when('the run resumed', (e) => e.event === 'step' && e.step === 'two' && e.runId === running.runId),
      b.when('the singleton taken over', (e) => e.event === 'singleton' && e.fence > held.fence),
    ]);
    const runFailoverMs = resumed.at - killedAt;
    const singletonFailoverMs = taken.at - killedAt;
    b.child.kill('SIGTERM');
    await b.exited;
    await database.drop();
    emit({
      case: 'pg-failover',
      impl: 'baton',
      leaseTtlMs,
      runFailoverMs,
      singletonFailoverMs,
      runFailoverRatio: runFailoverMs / (leaseTtlMs + 1000),
      singletonFailoverRatio: singletonFailoverMs / (leaseTtlMs + 1000),
      // Step `one` had completed on A: under `resume`, B must not run it again.
      stepOneRerun: b.events.filter((e) => e.event === 'step' && e.step === 'one' && e.runId === running.runId).length,
    });
  } finally {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
