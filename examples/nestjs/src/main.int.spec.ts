// Starts the example as a real process (tsx, as `pnpm start` does) on a free port over loopback, reads the URL it
// prints, calls its routes and /health, sends SIGTERM and checks the graceful stop: Nest closes the HTTP server,
// then BatonHost stops the host in onApplicationShutdown, and the process exits 0.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The example's process; its stdout and stderr lines are kept, and waited on, as they come. */
class ExampleProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();

  constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], { cwd: exampleDir, env: { ...process.env, ...env } });
    this.exited = new Promise((resolve) => this.#child.on('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [this.#child.stdout, this.#child.stderr]) createInterface({ input: stream }).on('line', (line) => this.#onLine(line));
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The first line (already printed or still to come) that passes `test`; rejects if the process exits first. */
  waitForLine(test: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve };
      this.#waiters.add(waiter);
      void this.exited.then(({ code, signal }) => {
        if (this.#waiters.delete(waiter)) reject(new Error(`The example exited (${signal ?? code}) first. Output:\n${this.lines.join('\n')}`));
      });
    });
  }

  /** The URL from the "listening on <url>" line. */
  async url(): Promise<string> {
    const line = await this.waitForLine((text) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(text));
    return /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  #onLine(line: string): void {
    this.lines.push(line);
    for (const waiter of this.#waiters) {
      if (waiter.test(line)) {
        this.#waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }
}

async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The messages of the JSON log lines, in order. */
function messages(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { message: string }).message);
}

describe('examples/nestjs', () => {
  let app: ExampleProcess | undefined;

  afterEach(async () => {
    if (app?.running) {
      app.kill('SIGKILL');
      await app.exited;
    }
  });

  it('should provision tenants through Nest providers bound into Baton, report health, and stop on SIGTERM with exit code 0', async () => {
    app = new ExampleProcess({ PORT: '0', NO_COLOR: '1' });
    const url = await app.url();

    // The host started in onApplicationBootstrap, before Nest's server listened.
    const lineOf = (text: string): number => app!.lines.findIndex((line) => line.includes(text));
    expect(lineOf('"message":"Host started')).toBeGreaterThan(-1);
    expect(lineOf('"message":"Host started')).toBeLessThan(lineOf('Nest application successfully started'));

    expect(await call(url, 'GET', '/health')).toMatchObject({
      status: 200,
      body: { status: 'healthy', entries: { host: { data: { state: 'running' } }, workflows: { status: 'healthy' } } },
    });

    const created = await call(url, 'POST', '/tenants', { tenantId: 'acme', name: 'Acme', plan: 'pro', adminEmail: 'ops@acme.example' });
    expect(created).toStrictEqual({
      status: 201,
      body: {
        tenantId: 'acme',
        realmId: expect.stringMatching(/^realm-acme-/),
        clientId: expect.any(String),
        subscriptionId: expect.any(String),
        plan: 'pro',
        welcomeId: 'welcome-acme',
      },
    });
    // The orchestration's Notifications is Nest's MailService: it logged through Nest's Logger.
    await app.waitForLine((line) => line.includes('[MailService] Welcome sent to ops@acme.example'));
    expect(await call(url, 'GET', '/tenants/acme')).toStrictEqual({ status: 200, body: created.body });
    expect(await call(url, 'POST', '/tenants', { tenantId: 'acme', name: 'Acme' })).toStrictEqual({ status: 200, body: created.body });

    // BillingService (Nest) refuses the plan for good; IdentityService (Nest) has its realm deleted by the undo.
    expect(await call(url, 'POST', '/tenants', { tenantId: 'umbrella', name: 'Umbrella', plan: 'platinum' })).toStrictEqual({
      status: 422,
      body: { runId: expect.any(String), status: 'compensated', error: "Unknown plan 'platinum'; plans are free, pro, enterprise." },
    });
    await app.waitForLine((line) => /\[IdentityService\] Realm deleted: realm-umbrella-/.test(line));
    expect(await call(url, 'GET', '/tenants/umbrella')).toMatchObject({ status: 404 });
    expect(await call(url, 'POST', '/tenants', { name: 'no id' })).toMatchObject({ status: 400 });

    app.kill('SIGTERM');
    expect(await app.exited).toStrictEqual({ code: 0, signal: null });
    const log = messages(app.lines);
    // Nest closed the server before onApplicationShutdown, which stopped the host.
    expect(log.filter((message) => /^(SIGTERM received|HTTP server closed|Host stopping|Host stopped)/.test(message))).toStrictEqual([
      'SIGTERM received: closing the server, then the host',
      'HTTP server closed; stopping the Baton host',
      'Host stopping (stop() called)',
      expect.stringMatching(/^Host stopped in \d+ ms$/),
    ]);
  });
});
