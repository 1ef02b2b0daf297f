// Starts the example as a real process (tsx, as `pnpm start` does) on a free port over loopback, reads the URL it
// prints, calls its routes and /health, sends SIGTERM and checks the graceful stop (the server closes, then the
// host; exit code 0). Pricing is bound twice: to the local price list, and, with PRICING_URL, to a pricing service
// played by a node:http server on 127.0.0.1 in this test.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson as call, ExampleProcess, type LogEntry, logMessages as messages } from '../../../test/support/ExampleProcess.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

/** A log entry with `message` (and `workflow`) matching. */
function logged(message: string, workflow?: string): (entry: LogEntry) => boolean {
  return (entry) => entry.message === message && (workflow === undefined || entry.workflow === workflow);
}

/** A pricing service on 127.0.0.1: `POST /quotes` prices every item at 123 cents with `remote-supply`. */
async function startPricingService(): Promise<{ url: string; requests: unknown[]; server: Server }> {
  const requests: unknown[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/quotes') {
        response.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: { sku: string; quantity: number }[] };
      requests.push(body);
      const items = body.items.map((item) => ({ ...item, supplier: 'remote-supply', unitPrice: 123 }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe('examples/fastify', () => {
  let app: ExampleProcess | undefined;
  let pricing: Server | undefined;

  afterEach(async () => {
    if (app?.running) {
      app.kill('SIGKILL');
      await app.exited;
    }
    if (pricing?.listening) await new Promise((resolve) => pricing!.close(resolve));
  });

  /** Picks tape below its reorder point, runs inventory-sync through POST /reorders, and returns the order. */
  async function reorderTape(url: string): Promise<unknown> {
    // The run at start found nothing below its reorder point; wait for it so it cannot overlap the pick.
    await app!.waitForEntry(logged('Workflow run finished', 'inventory-sync'));
    expect(await call(url, 'POST', '/stock/tape/pick', { quantity: 30 })).toStrictEqual({
      status: 200,
      body: { sku: 'tape', onHand: 10, onOrder: 0, reorderPoint: 20, target: 60 },
    });
    const reorder = await call(url, 'POST', '/reorders');
    expect(reorder).toMatchObject({ status: 200, body: { status: 'succeeded', report: { belowReorderPoint: 1, priced: 1, notified: true } } });
    const { orders } = (reorder.body as { report: { orders: unknown[] } }).report;
    expect(orders).toHaveLength(1);
    expect(await call(url, 'GET', '/purchase-orders')).toStrictEqual({ status: 200, body: orders });
    expect((await call(url, 'GET', '/stock')).body).toContainEqual({ sku: 'tape', onHand: 10, onOrder: 50, reorderPoint: 20, target: 60 });
    // On order now: the next run orders nothing.
    expect(await call(url, 'POST', '/reorders')).toMatchObject({ status: 200, body: { report: { belowReorderPoint: 0, orders: [] } } });
    return orders[0];
  }

  /** SIGTERM: the server closes, then the host stops, and the process exits 0 by itself. */
  async function stopGracefully(): Promise<void> {
    app!.kill('SIGTERM');
    expect(await app!.exited).toStrictEqual({ code: 0, signal: null });
    expect(messages(app!.lines).filter((message) => /^(SIGTERM received|HTTP server closed|Host stopping|Host stopped)/.test(message))).toStrictEqual([
      'SIGTERM received: closing the server, then the host',
      'HTTP server closed',
      'Host stopping (stop() called)',
      expect.stringMatching(/^Host stopped in \d+ ms$/),
    ]);
  }

  describe('when Pricing is bound to the local price list', () => {
    it('should serve its routes and /health, reorder through the orchestration, and stop on SIGTERM with exit code 0', async () => {
      app = new ExampleProcess(exampleDir, { PORT: '0', BATON_LOG_LEVEL: 'debug' });
      const url = await app.url();
      expect(app.lines.some((line) => line.includes('Pricing: the local price list'))).toBe(true);

      expect(await call(url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'healthy', entries: { host: { data: { state: 'running' } } } } });
      expect(await call(url, 'POST', '/stock/tape/pick', { quantity: 0 })).toMatchObject({ status: 400 });
      expect(await call(url, 'POST', '/stock/glue/pick', { quantity: 1 })).toMatchObject({ status: 404 });
      expect(await call(url, 'POST', '/stock/boxes/pick', { quantity: 1000 })).toMatchObject({ status: 409 });

      expect(await reorderTape(url)).toStrictEqual({
        orderId: 'po-1',
        supplier: 'tapeco',
        idempotencyKey: expect.stringMatching(/^inventory-sync@manual:.+\/tapeco$/),
        lines: [{ sku: 'tape', quantity: 50, supplier: 'tapeco', unitPrice: 150 }],
        total: 7500,
      });

      // Each POST /reorders had its own scoped Reorders, disposed when its response was done.
      const disposals = (): number => app!.lines.filter((line) => line.includes('Reorders disposed with its request scope')).length;
      await app.waitForLine(() => disposals() === 2);
      await stopGracefully();
    });
  });

  describe('when PRICING_URL names a remote pricing service', () => {
    it('should price through it over HTTP, with the orchestration unchanged', async () => {
      const remote = await startPricingService();
      pricing = remote.server;
      app = new ExampleProcess(exampleDir, { PORT: '0', PRICING_URL: remote.url });
      const url = await app.url();
      expect(app.lines.some((line) => line.includes(`Pricing: the remote service at ${remote.url}`))).toBe(true);

      expect(await reorderTape(url)).toMatchObject({
        supplier: 'remote-supply',
        lines: [{ sku: 'tape', quantity: 50, supplier: 'remote-supply', unitPrice: 123 }],
        total: 6150,
      });
      // One batch priced remotely; the runs with nothing to reorder sent nothing.
      expect(remote.requests).toStrictEqual([{ items: [{ sku: 'tape', quantity: 50 }] }]);
      await stopGracefully();
    });
  });

  describe('when an operator uses the probes, the metrics, the admin API and the dashboard', () => {
    it('should serve them beside the warehouse routes, with actions behind the token', async () => {
      const token = 'fastify-admin-token-0123456789';
      app = new ExampleProcess(exampleDir, { PORT: '0', BATON_ADMIN_TOKEN: token });
      const url = await app.url();
      await app.waitForEntry(logged('Workflow run finished', 'inventory-sync'));

      const ready = await fetch(`${url}/health/ready`);
      expect([ready.status, ready.headers.get('content-type')]).toStrictEqual([200, expect.stringMatching(/^application\/health\+json/)]);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^baton_runs_total\{workflow="inventory-sync",status="succeeded",trigger="schedule"\} 1$/m);
      const page = await fetch(`${url}/baton`);
      expect([page.status, page.headers.get('content-type')]).toStrictEqual([200, expect.stringMatching(/^text\/html/)]);
      expect(await page.text()).not.toContain(token);
      // The warehouse's own routes still parse JSON as before.
      expect(await call(url, 'POST', '/stock/tape/pick', { quantity: 0 })).toMatchObject({ status: 400 });

      const workflows = await call(url, 'GET', '/baton/api/workflows');
      expect(workflows.body).toMatchObject({
        workflows: [{ name: 'inventory-sync', state: 'scheduled', lastRuns: [{ status: 'succeeded', trigger: 'schedule' }] }],
      });
      const pause = (headers: Record<string, string>) => fetch(`${url}/baton/api/workflows/inventory-sync/pause`, { method: 'POST', headers, body: '{}' });
      expect((await pause({ 'content-type': 'application/json' })).status).toBe(401);
      expect((await pause({ 'content-type': 'application/json', authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await call(url, 'GET', '/baton/api/workflows')).body).toMatchObject({
        workflows: [{ name: 'inventory-sync', state: 'paused', badge: 'paused' }],
      });
      const malformed = await fetch(`${url}/baton/api/workflows/inventory-sync/resume`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{',
      });
      expect(malformed.status).toBe(400);
      expect((await call(url, 'GET', '/baton/api/runs/not-a-uuid')).status).toBe(400);
      expect((await call(url, 'GET', '/baton/api/runs/01890000-0000-7000-8000-000000000000')).status).toBe(404);
      expect((await call(url, 'GET', '/baton/api/audit')).body).toMatchObject({ entries: [{ action: 'pause', target: 'inventory-sync', outcome: 'ok' }] });

      const events = await fetch(`${url}/baton/api/events`);
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await stopGracefully();
      expect(app.lines.join('\n')).not.toContain(token);
    });
  });
});
