// Starts the example as a real process (tsx, as `pnpm start` does) on a free port over loopback, reads the URL it
// prints, calls its routes and /health, sends SIGTERM and checks the graceful stop: the server closes, then the
// host, and the process exits 0 by itself.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson as call, ExampleProcess, logMessages as messages } from '../../../test/support/ExampleProcess.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

describe('examples/express', () => {
  let app: ExampleProcess | undefined;

  afterEach(async () => {
    if (app?.running) {
      app.kill('SIGKILL');
      await app.exited;
    }
  });

  it('should provision tenants through its routes, report health, and stop on SIGTERM with exit code 0', async () => {
    app = new ExampleProcess(exampleDir, { PORT: '0', BATON_LOG_LEVEL: 'debug' });
    const url = await app.url();

    const health = await call(url, 'GET', '/health');
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'healthy', entries: { host: { data: { state: 'running' } }, workflows: { status: 'healthy' } } },
    });

    const created = await call(url, 'POST', '/tenants', { tenantId: 'acme', name: 'Acme', plan: 'pro' });
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
    expect(await call(url, 'GET', '/tenants/acme')).toStrictEqual({ status: 200, body: created.body });
    expect(await call(url, 'POST', '/tenants', { tenantId: 'acme', name: 'Acme' })).toStrictEqual({ status: 200, body: created.body });

    // An unknown plan fails for good at provision-plan: the realm and client are undone and the run is compensated.
    expect(await call(url, 'POST', '/tenants', { tenantId: 'umbrella', name: 'Umbrella', plan: 'platinum' })).toStrictEqual({
      status: 422,
      body: { runId: expect.any(String), status: 'compensated', error: "Unknown plan 'platinum'; plans are free, pro, enterprise." },
    });
    expect(await call(url, 'GET', '/tenants/umbrella')).toMatchObject({ status: 404 });
    expect(await call(url, 'POST', '/tenants', { name: 'no id' })).toMatchObject({ status: 400 });

    // Each of the three sign-ups had its own scope, disposed when its response was done.
    const disposals = (): number => app!.lines.filter((line) => line.includes('TenantSignups disposed with its request scope')).length;
    await app.waitForLine(() => disposals() === 3);

    app.kill('SIGTERM');
    expect(await app.exited).toStrictEqual({ code: 0, signal: null });
    const log = messages(app.lines);
    expect(log).toContain('Realm deleted');
    // The server closes first, then the host stops.
    expect(log.filter((message) => /^(SIGTERM received|HTTP server closed|Host stopping|Host stopped)/.test(message))).toStrictEqual([
      'SIGTERM received: closing the server, then the host',
      'HTTP server closed',
      'Host stopping (stop() called)',
      expect.stringMatching(/^Host stopped in \d+ ms$/),
    ]);
  });

  it('should serve the probes, /metrics, the admin API and the dashboard, with actions behind the token', async () => {
    const token = 'express-admin-token-0123456789';
    app = new ExampleProcess(exampleDir, { PORT: '0', BATON_ADMIN_TOKEN: token });
    const url = await app.url();

    const live = await fetch(`${url}/health/live`);
    expect([live.status, live.headers.get('content-type')]).toStrictEqual([200, expect.stringMatching(/^application\/health\+json/)]);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('# TYPE baton_runs_total counter');
    const page = await fetch(`${url}/baton`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(token);

    // The admin reads its own body: a malformed one is its 400, not Express's.
    const input = { tenantId: 'globex', name: '<b>Globex</b>', plan: 'pro' };
    const unauthorised = await fetch(`${url}/baton/api/workflows/tenant-provisioning/trigger`, { method: 'POST', body: JSON.stringify({ input }) });
    expect(unauthorised.status).toBe(401);
    const malformed = await fetch(`${url}/baton/api/workflows/tenant-provisioning/trigger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{"input":',
    });
    expect([malformed.status, ((await malformed.json()) as { error: string }).error]).toStrictEqual([400, expect.stringContaining('Malformed JSON')]);
    const tooLarge = await fetch(`${url}/baton/api/workflows/tenant-provisioning/trigger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ input: 'x'.repeat(70_000) }),
    });
    expect(tooLarge.status).toBe(413);

    const triggered = await fetch(`${url}/baton/api/workflows/tenant-provisioning/trigger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ input }),
    });
    expect(triggered.status).toBe(202);
    const { run } = (await triggered.json()) as { run: { id: string } };
    // The run goes on after the 202: its last log line says when it has ended.
    await app.waitForLine((line) => line.includes('Workflow run finished') && line.includes(run.id));
    const detail = await call(url, 'GET', `/baton/api/runs/${run.id}`);
    expect(detail.body).toMatchObject({
      run: { workflow: 'tenant-provisioning', status: 'succeeded', trigger: 'manual', inputSummary: expect.stringContaining('<b>Globex</b>') },
    });
    const runs = await call(url, 'GET', '/baton/api/runs?workflow=tenant-provisioning&status=succeeded');
    expect((runs.body as { runs: { id: string }[] }).runs.map((found) => found.id)).toContain(run.id);
    expect((await call(url, 'GET', '/baton/api/runs?status=bogus')).status).toBe(400);
    expect((await call(url, 'GET', '/baton/api/audit')).body).toMatchObject({ entries: [{ action: 'trigger', target: 'tenant-provisioning', outcome: 'ok' }] });

    // A live stream open while the app stops does not hold the server open.
    const events = await fetch(`${url}/baton/api/events`);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    app.kill('SIGTERM');
    expect(await app.exited).toStrictEqual({ code: 0, signal: null });
    expect(app.lines.join('\n')).not.toContain(token);
  });
});
