// Boots the example as a real process (tsx, as `pnpm start` does), talks to its API, sends SIGINT and checks
// the graceful stop: exit code 0 and the lifecycle in the logs, in LIFO order.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callJson as request, ExampleProcess } from '../../../test/support/ExampleProcess.js';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

/** The shop, with its debug log lines (JSON: the host logs JSON lines when not a TTY). */
function startShop(env: Record<string, string>): ExampleProcess {
  return new ExampleProcess(exampleDir, { BATON_LOG_LEVEL: 'debug', ...env });
}

describe('examples/shop', () => {
  let shop: ExampleProcess;

  // PORT=0: a free port, so the test never collides with a running example. The restock workflow runs once at
  // start, then hourly: within a test only POST /restock triggers it.
  const env = { PORT: '0', LOW_STOCK_CHECK_INTERVAL_MS: '100', RESTOCK_INTERVAL_MS: '3600000', DATABASE_URL: '' /* runs in memory */ };

  afterEach(async () => {
    if (shop.running) {
      shop.kill('SIGKILL');
      await shop.exited;
    }
  });

  describe('when it serves orders and then receives SIGINT', () => {
    beforeEach(() => {
      shop = startShop({ ...env, LOW_STOCK_THRESHOLD: '2' });
    });

    it('should take the order, dispatch it, and stop gracefully with exit code 0', async () => {
      const listening = await shop.waitForEntry((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
      const baseUrl = `http://localhost:${String(listening.port)}`;

      // Every service runs and no workflow waits for a binding: healthy, so the probe answers 200.
      const health = await request(baseUrl, 'GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({
        status: 'healthy',
        entries: {
          host: { status: 'healthy', data: { state: 'running' } },
          workflows: { status: 'healthy' },
          outbox: { status: 'healthy', data: { pending: 0 }, tags: ['ready'] },
        },
      });
      expect(Object.keys((health.body as { entries: object }).entries)).toStrictEqual(['host', 'workflows', 'outbox']);

      expect(await request(baseUrl, 'GET', '/stock/plum')).toStrictEqual({ status: 200, body: { sku: 'plum', quantity: 3 } });

      const placed = await request(baseUrl, 'POST', '/orders', { sku: 'plum', quantity: 2 });
      expect(placed.status).toBe(201);
      const orderId = (placed.body as { id: string }).id;

      expect(await request(baseUrl, 'GET', '/stock/plum')).toStrictEqual({ status: 200, body: { sku: 'plum', quantity: 1 } });
      expect((await request(baseUrl, 'POST', '/orders', { sku: 'plum', quantity: 5 })).status).toBe(409);

      await shop.waitForEntry((entry) => entry.message === 'Order dispatched' && entry.orderId === orderId);
      expect(await request(baseUrl, 'GET', `/orders/${orderId}`)).toStrictEqual({ status: 200, body: { id: orderId, status: 'dispatched' } });
      await shop.waitForEntry((entry) => entry.message === 'Low stock' && entry.sku === 'plum');

      shop.kill('SIGINT');
      expect(await shop.exited).toStrictEqual({ code: 0, signal: null });

      const lifecycle = shop.entries
        .filter((entry) => typeof entry.event === 'string' && /^host:(starting|started|stopping|stopped|signal:received)$/.test(entry.event))
        .map((entry) => entry.event);
      expect(lifecycle).toStrictEqual(['host:starting', 'host:started', 'host:signal:received', 'host:stopping', 'host:stopped']);

      // LIFO: the HTTP server, registered last, stops before the background services; the workflow engine,
      // registered first, stops last.
      const stopped = shop.entries.filter((entry) => entry.event === 'host:service:stopped').map((entry) => entry.service);
      // @baton/admin's instrumentation service is registered first (createOperatorRoutes, bound before the workflows), so it stops last.
      expect(stopped).toStrictEqual(['HttpServerService', 'OutboxDispatcher', 'LowStockMonitor', 'WorkflowEngine', '@baton/admin']);
      expect(shop.entries.filter((entry) => entry.level === 'error')).toStrictEqual([]);
    });
  });

  describe('when POST /restock triggers the restock workflow', () => {
    beforeEach(() => {
      // Threshold 5: plum (3) is low, so every run orders plums from the supplier.
      shop = startShop({ ...env, LOW_STOCK_THRESHOLD: '5' });
    });

    /** The info-and-above entries of run `runId`, once its last one has been logged: [level, message, step]. */
    async function runLog(runId: string): Promise<[string, string, unknown][]> {
      await shop.waitForEntry((entry) => entry.message === 'Workflow run finished' && entry.runId === runId);
      return shop.entries
        .filter((entry) => entry.runId === runId && entry.level !== 'debug')
        .map((entry) => {
          expect(entry.workflow).toBe('restock');
          return [entry.level, entry.message, entry.step];
        });
    }

    it('should answer with each run and log its steps, and compensate when the supplier rejects the order', async () => {
      const listening = await shop.waitForEntry((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
      const baseUrl = `http://localhost:${String(listening.port)}`;
      // The run at start is the supplier's first order; it ends before the server listens.
      await shop.waitForEntry((entry) => entry.message === 'Workflow run finished' && entry.workflow === 'restock');

      // The supplier's second order goes through.
      const succeeded = await request(baseUrl, 'POST', '/restock');
      expect(succeeded).toStrictEqual({
        status: 200,
        body: {
          id: expect.any(String),
          workflow: 'restock',
          status: 'succeeded',
          steps: [
            { name: 'reserve-budget', status: 'succeeded' },
            { name: 'place-purchase-order', status: 'succeeded' },
            { name: 'notify-warehouse', status: 'succeeded' },
          ],
        },
      });
      expect(await runLog((succeeded.body as { id: string }).id)).toStrictEqual([
        ['info', 'Workflow run started', undefined],
        ['info', 'Step succeeded', 'reserve-budget'],
        ['info', 'Step succeeded', 'place-purchase-order'],
        ['info', 'Warehouse notified of the purchase order', 'notify-warehouse'],
        ['info', 'Step succeeded', 'notify-warehouse'],
        ['info', 'Workflow run finished', undefined],
      ]);

      // The third is rejected: the budget reservation is released and the run ends compensated.
      const compensated = await request(baseUrl, 'POST', '/restock');
      expect(compensated).toStrictEqual({
        status: 200,
        body: {
          id: expect.any(String),
          workflow: 'restock',
          status: 'compensated',
          error: 'The supplier rejected purchase order #3: its catalogue is being updated.',
          steps: [
            { name: 'reserve-budget', status: 'succeeded', compensation: 'succeeded' },
            { name: 'place-purchase-order', status: 'failed' },
          ],
        },
      });
      expect(await runLog((compensated.body as { id: string }).id)).toStrictEqual([
        ['info', 'Workflow run started', undefined],
        ['info', 'Step succeeded', 'reserve-budget'],
        ['error', 'Step failed', 'place-purchase-order'],
        ['info', 'Compensation started', 'reserve-budget'],
        ['info', 'Budget reservation released', 'reserve-budget'],
        ['info', 'Compensation succeeded', 'reserve-budget'],
        ['error', 'Workflow run finished', undefined],
      ]);

      shop.kill('SIGINT');
      expect(await shop.exited).toStrictEqual({ code: 0, signal: null });
    });
  });

  describe('when BATON_ORCHESTRATIONS names only inventory-sync', () => {
    beforeEach(() => {
      shop = startShop({ ...env, BATON_ORCHESTRATIONS: 'inventory-sync' });
    });

    it('should run that orchestration alone beside the shop, and answer 404 for tenants', async () => {
      const listening = await shop.waitForEntry((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
      const baseUrl = `http://localhost:${String(listening.port)}`;

      const health = await request(baseUrl, 'GET', '/health');
      const tenant = await request(baseUrl, 'POST', '/tenants', { tenantId: 'acme', name: 'Acme' });
      shop.kill('SIGINT');
      expect(await shop.exited).toStrictEqual({ code: 0, signal: null });

      expect(shop.entries.filter((entry) => entry.event === 'host:orchestration:loaded').map((entry) => [entry.orchestration, entry.package])).toStrictEqual([
        ['inventory-sync', '@baton/orchestration-inventory-sync'],
      ]);
      const workflows = (health.body as { entries: { workflows: { data: { workflows: Record<string, unknown> } } } }).entries.workflows.data.workflows;
      expect(Object.keys(workflows)).toStrictEqual(['restock', 'inventory-sync']);
      expect(tenant.status).toBe(404);
    });
  });

  describe('when BATON_ORCHESTRATIONS names an orchestration that is not installed', () => {
    beforeEach(() => {
      shop = startShop({ ...env, BATON_ORCHESTRATIONS: 'inventory-snyc' });
    });

    it('should fail at start, listing the orchestrations available, and exit 1', async () => {
      const exit = await shop.exited;

      expect(exit).toStrictEqual({ code: 1, signal: null });
      const failure = shop.entries.find((entry) => entry.event === 'host:start:failed');
      const error = failure?.error as { code: string; message: string } | undefined;
      expect(error?.code).toBe('BATON_ERR_ORCHESTRATION_UNKNOWN');
      expect(error?.message).toContain("Unknown orchestration 'inventory-snyc' in BATON_ORCHESTRATIONS");
      expect(error?.message).toContain('Available: inventory-sync (installed), tenant-provisioning (installed).');
      expect(shop.entries.some((entry) => entry.event === 'host:orchestration:loaded')).toBe(false);
    });
  });

  describe('when an operator uses the probes, the metrics, the admin API and the dashboard', () => {
    const token = 'shop-admin-token-0123456789';
    beforeEach(() => {
      shop = startShop({ ...env, BATON_ADMIN_TOKEN: token });
    });

    it('should serve them at the paths the README names, with actions behind the token', async () => {
      const listening = await shop.waitForEntry((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
      const baseUrl = `http://localhost:${String(listening.port)}`;
      await shop.waitForEntry((entry) => entry.message === 'Workflow run finished' && entry.workflow === 'restock');

      const live = await fetch(`${baseUrl}/health/live`);
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toMatch(/^application\/health\+json/);
      expect(((await live.json()) as { status: string }).status).toBe('pass');
      expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
      const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/^baton_runs_total\{workflow="restock",status="succeeded",trigger="schedule"\} 1$/m);

      const page = await fetch(`${baseUrl}/baton`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('/baton/assets/dashboard.js');
      expect(html).not.toContain(token);

      const workflows = await request(baseUrl, 'GET', '/baton/api/workflows');
      expect((workflows.body as { workflows: { name: string; schedule?: { words: string } }[] }).workflows.map((w) => w.name)).toStrictEqual([
        'restock',
        'tenant-provisioning',
        'tenant-provisioning-retry',
        'inventory-sync',
      ]);

      const refused = await fetch(`${baseUrl}/baton/api/workflows/restock/trigger`, { method: 'POST' });
      expect(refused.status).toBe(401);
      const triggered = await fetch(`${baseUrl}/baton/api/workflows/restock/trigger`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(triggered.status).toBe(202);
      const { run } = (await triggered.json()) as { run: { id: string } };
      await shop.waitForEntry((entry) => entry.message === 'Workflow run finished' && entry.runId === run.id);
      const detail = await request(baseUrl, 'GET', `/baton/api/runs/${run.id}`);
      expect(detail.body).toMatchObject({
        run: { id: run.id, trigger: 'manual', steps: [{ name: 'reserve-budget' }, { name: 'place-purchase-order' }, { name: 'notify-warehouse' }] },
      });
      const audit = await request(baseUrl, 'GET', '/baton/api/audit');
      // The trigger through the admin API, under its actor.
      expect((audit.body as { entries: unknown[] }).entries).toContainEqual(
        expect.objectContaining({ actor: 'admin', action: 'trigger', target: 'restock', outcome: 'ok', detail: `run ${run.id}` }),
      );

      shop.kill('SIGINT');
      expect(await shop.exited).toStrictEqual({ code: 0, signal: null });
      expect(shop.lines.join('\n')).not.toContain(token);
    });
  });
});
