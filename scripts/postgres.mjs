#!/usr/bin/env node
// Starts a throwaway PostgreSQL 15 for tests and benchmarks: a fresh cluster in a temp dir, listening on 127.0.0.1 on a
// free port, with its socket in that dir, and stops it (deleting the dir). As root, the binaries run as the
// `postgres` system user (root cannot run initdb or postgres). Nothing is installed here: `.ci/run` installs
// Debian's postgresql-15 when the binaries are missing.
//
//   node scripts/postgres.mjs            start one, print its URL, and stop it on Ctrl-C (or SIGTERM)
//
//   import { startPostgres } from './scripts/postgres.mjs';
//   const pg = await startPostgres();    // { url, host, port, dir, stop(), restart() }
//
// Point users' own runs at their own server with DATABASE_URL instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Debian keeps PostgreSQL 15's binaries; `pg_config --bindir` otherwise. */
export function postgresBinDir() {
  const debian = '/usr/lib/postgresql/15/bin';
  if (existsSync(join(debian, 'initdb'))) return debian;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // no pg_config on PATH
  }
  throw new Error('PostgreSQL binaries not found (looked in /usr/lib/postgresql/15/bin and `pg_config --bindir`): apt-get install -y postgresql-15');
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root; throws with its output when it fails. */
function run(bin, args) {
  const command = isRoot ? 'runuser' : bin;
  const argv = isRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh cluster and resolves once it accepts connections.
 * @param {{ fsync?: boolean, settings?: Record<string, string | number> }} [options] `fsync` is off unless asked for
 *   (benchmarks that compare durability turn it on for every peer); `settings` are extra `-c` server settings.
 * @returns {Promise<{ url: string, host: string, port: number, dir: string, user: string, stop(): Promise<void>, restart(): Promise<void> }>}
 */
export async function startPostgres(options = {}) {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'baton-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);

  const settings = { fsync: options.fsync ? 'on' : 'off', max_connections: 200, ...options.settings };
  const settingArgs = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ');
  let port = 0;
  const start = () =>
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '30', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} ${settingArgs}`, 'start']);

  // Another server may take the port between our probe and the server's bind: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      start();
      break;
    } catch (error) {
      if (attempt === 5) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const stopServer = (mode) => {
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
    } catch {
      // already stopped
    }
  };
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    host: '127.0.0.1',
    port,
    dir,
    user: 'postgres',
    /** Stops the server (fast shutdown: open connections are closed) and deletes its dir. */
    async stop() {
      if (stopped) return;
      stopped = true;
      stopServer('fast');
      rmSync(dir, { recursive: true, force: true });
    },
    /** Restarts the server on the same port: every connection is dropped, the data stays. */
    async restart() {
      stopServer('fast');
      start();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const pg = await startPostgres({ fsync: process.argv.includes('--fsync') });
  console.log(pg.url);
  const stop = async () => {
    await pg.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
