// Boots the example as a real process (tsx, as `pnpm start` does), talks to its API, sends SIGINT and checks
// the graceful stop: exit code 0 and the lifecycle in the logs, in LIFO order.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The example's process, with its stdout read as JSON log entries (the host logs JSON lines when not a TTY). */
class ShopProcess {
  readonly entries: LogEntry[] = [];
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiters = new Set<{ test: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }>();

  constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], {
      cwd: exampleDir,
      env: { ...process.env, BATON_LOG_LEVEL: 'debug', ...env },
    });
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.#onLine(line));
    createInterface({ input: this.#child.stderr }).on('line', (line) => this.output.push(line));
    this.exited = new Promise((resolve) => this.#child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with the first entry (already logged or still to come) that passes `test`; rejects if the process exits first. */
  waitFor(test: (entry: LogEntry) => boolean): Promise<LogEntry> {
    const seen = this.entries.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<LogEntry>((resolve, reject) => {
      const waiter = { test, resolve };
      this.#waiters.add(waiter);
      void this.exited.then(({ code, signal }) => {
        if (!this.#waiters.delete(waiter)) return;
        reject(new Error(`The example exited (${signal ?? code}) before the expected log entry. Output:\n${this.output.join('\n')}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  #onLine(line: string): void {
    this.output.push(line);
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch {
      return; // Not a log entry (tsx or Node warnings).
    }
    this.entries.push(entry);
    for (const waiter of this.#waiters) {
      if (waiter.test(entry)) {
        this.#waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }
}

async function request(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('examples/shop', () => {
  let shop: ShopProcess;

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
      shop = new ShopProcess({ ...env, LOW_STOCK_THRESHOLD: '2' });
    });

    it('should take the order, dispatch it, and stop gracefully with exit code 0', async () => {
      const listening = await shop.waitFor((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
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

      await shop.waitFor((entry) => entry.message === 'Order dispatched' && entry.orderId === orderId);
      expect(await request(baseUrl, 'GET', `/orders/${orderId}`)).toStrictEqual({ status: 200, body: { id: orderId, status: 'dispatched' } });
      await shop.waitFor((entry) => entry.message === 'Low stock' && entry.sku === 'plum');

      shop.kill('SIGINT');
      expect(await shop.exited).toStrictEqual({ code: 0, signal: null });

      const lifecycle = shop.entries
        .filter((entry) => typeof entry.event === 'string' && /^host:(starting|started|stopping|stopped|signal:received)$/.test(entry.event))
        .map((entry) => entry.event);
      expect(lifecycle).toStrictEqual(['host:starting', 'host:started', 'host:signal:received', 'host:stopping', 'host:stopped']);

      // LIFO: the HTTP server, registered last, stops before the background services; the workflow engine,
      // registered first, stops last.
      const stopped = shop.entries.filter((entry) => entry.event === 'host:service:stopped').map((entry) => entry.service);
      expect(stopped).toStrictEqual(['HttpServerService', 'OutboxDispatcher', 'LowStockMonitor', 'WorkflowEngine']);
      expect(shop.entries.filter((entry) => entry.level === 'error')).toStrictEqual([]);
    });
  });

  describe('when POST /restock triggers the restock workflow', () => {
    beforeEach(() => {
      // Threshold 5: plum (3) is low, so every run orders plums from the supplier.
      shop = new ShopProcess({ ...env, LOW_STOCK_THRESHOLD: '5' });
    });

    /** The info-and-above entries of run `runId`, once its last one has been logged: [level, message, step]. */
    async function runLog(runId: string): Promise<[string, string, unknown][]> {
      await shop.waitFor((entry) => entry.message === 'Workflow run finished' && entry.runId === runId);
      return shop.entries
        .filter((entry) => entry.runId === runId && entry.level !== 'debug')
        .map((entry) => {
          expect(entry.workflow).toBe('restock');
          return [entry.level, entry.message, entry.step];
        });
    }

    it('should answer with each run and log its steps, and compensate when the supplier rejects the order', async () => {
      const listening = await shop.waitFor((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
      const baseUrl = `http://localhost:${String(listening.port)}`;
      // The run at start is the supplier's first order; it ends before the server listens.
      await shop.waitFor((entry) => entry.message === 'Workflow run finished' && entry.workflow === 'restock');

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
      shop = new ShopProcess({ ...env, BATON_ORCHESTRATIONS: 'inventory-sync' });
    });

    it('should run that orchestration alone beside the shop, and answer 404 for tenants', async () => {
      const listening = await shop.waitFor((entry) => /listening on http:\/\/localhost:\d+/.test(entry.message));
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
      shop = new ShopProcess({ ...env, BATON_ORCHESTRATIONS: 'inventory-snyc' });
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
});
