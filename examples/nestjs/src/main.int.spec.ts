// Starts the example as a real process (tsx, as `pnpm start` does) on a free port over loopback, reads the URL it
// prints, calls its routes and /health, sends SIGTERM and checks the graceful stop: Nest closes the HTTP server,
// then BatonHost stops the host in onApplicationShutdown, and the process exits 0.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson as call, ExampleProcess, logMessages as messages } from '../../../test/support/ExampleProcess.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/nestjs', () => {
  let app: ExampleProcess | undefined;

  afterEach(async () => {
    if (app?.running) {
      app.kill('SIGKILL');
      await app.exited;
    }
  });

  it('should provision tenants through Nest providers bound into Baton, report health, and stop on SIGTERM with exit code 0', async () => {
    app = new ExampleProcess(exampleDir, { PORT: '0', NO_COLOR: '1' });
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
