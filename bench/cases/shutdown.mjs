// Graceful shutdown: SIGTERM to process exit, with 1,000 hosted services, one of them mid-run.
// Usage: node cases/shutdown.mjs <baton|floor>  → one JSON line {shutdownMs, exitCode}.
//
// This process is the parent: it starts the child (`shutdown.mjs child <impl>`), waits for its "ready" line, sends
// SIGTERM and measures, with its own clock, the time until the child has exited.
//   - baton: `createHost()` with 1,000 hosted services (999 with nothing to do, one BackgroundService mid-run in an
//     abortable loop) and `host.run()`, which owns the process: stop in reverse on SIGTERM, then process.exit.
//   - floor: the same 1,000 objects in an array, started in order; on SIGTERM each `stop()` awaited in reverse,
//     then process.exit. No framework: the least a correct graceful stop can cost.
// No target: the floor is context, not a peer to beat.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVICES = 1000;
const MID_RUN = 500;

if (process.argv[2] === 'child') await child(process.argv[3]);
else await parent(process.argv[2] ?? 'baton');

async function parent(impl) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'child', impl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let output = '';
  await new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready:\n${output}`)));
  });
  // Let the mid-run service get into its loop, and the child's event loop go idle.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const started = process.hrtime.bigint();
  child.kill('SIGTERM');
  const { code, signal } = await exited;
  const shutdownMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearTimeout(killer);
  if (code !== 0) throw new Error(`${impl}: child exited with ${code ?? signal} after SIGTERM`);
  process.stdout.write(JSON.stringify({ case: 'shutdown', impl, services: SERVICES, shutdownMs, exitCode: code }) + '\n');
}

// One iteration of work that a stop interrupts: an abortable 50 ms wait, as an I/O call with a signal would be.
function work(signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, 50);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

async function child(impl) {
  if (impl === 'baton') {
    const { BackgroundService, NullLogger } = await import('@baton/core');
    const { createHost } = await import('@baton/host');
    class Idle {
      async start() {}
      async stop() {}
    }
    class Worker extends BackgroundService {
      async execute(signal) {
        while (!signal.aborted) await work(signal);
      }
    }
    const host = createHost({ logger: NullLogger, shutdownTimeout: '30s' });
    for (let i = 0; i < SERVICES; i++) host.addHostedService(i === MID_RUN ? new Worker() : new Idle(), { name: `service-${i}` });
    host.on('started', () => process.stdout.write('ready\n'));
    await host.run();
    return;
  }
  if (impl === 'floor') {
    class Idle {
      async start() {}
      async stop() {}
    }
    class Worker {
      #controller = new AbortController();
      #loop;
      async start() {
        const signal = this.#controller.signal;
        this.#loop = (async () => {
          while (!signal.aborted) await work(signal);
        })();
      }
      async stop() {
        this.#controller.abort();
        await this.#loop;
      }
    }
    const services = Array.from({ length: SERVICES }, (_, i) => (i === MID_RUN ? new Worker() : new Idle()));
    for (const service of services) await service.start();
    process.once('SIGTERM', async () => {
      for (let i = services.length - 1; i >= 0; i--) await services[i].stop();
      process.exit(0);
    });
    process.stdout.write('ready\n');
    return;
  }
  throw new Error(`Unknown implementation ${impl}`);
}
