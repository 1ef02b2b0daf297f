import { Logger } from '@baton/core';
import { createApp } from './createApp.js';
import { createWarehouseHost } from './createWarehouseHost.js';
import { operatorRoutes } from './Http/operatorRoutes.js';
import { readWarehouseSettings } from './readWarehouseSettings.js';

const settings = readWarehouseSettings(process.env);

// The host first, so the orchestration is running when the first request arrives.
const host = createWarehouseHost(settings);
const operator = operatorRoutes(host, process.env.BATON_ADMIN_TOKEN || undefined);
await host.start();
const log = host.provider.get(Logger);
log.info(`Pricing: ${settings.pricingUrl === undefined ? 'the local price list' : `the remote service at ${settings.pricingUrl}`}`);

const app = createApp(host, operator);
try {
  await app.listen({ port: settings.port, host: settings.hostname });
} catch (error) {
  log.error('The server could not listen', { port: settings.port, hostname: settings.hostname, error });
  await host.stop();
  process.exit(1);
}
const url = app.listeningOrigin;
log.info(`Fastify API listening on ${url}`, { url });
log.info(`Dashboard: ${url}/baton (probes: /health/live, /health/ready; metrics: /metrics)`, { dashboard: `${url}/baton` });

// A graceful stop: app.close() stops accepting, closes idle keep-alive connections and lets the requests in flight
// finish; then the host stops its services in reverse order. The process then exits by itself: 0 after a clean
// stop, 1 otherwise. A second SIGTERM, once this listener is gone, ends the process at once.
let stopping: Promise<void> | undefined;
const stop = (signal: NodeJS.Signals): void => {
  stopping ??= (async () => {
    log.info(`${signal} received: closing the server, then the host`);
    operator.admin.close(); // ends the dashboard's live streams, so the server can close at once
    await app.close();
    log.info('HTTP server closed');
    const result = await host.stop();
    process.exitCode = result.ok ? 0 : 1;
  })().catch((error: unknown) => {
    log.error('The graceful stop failed', { error });
    process.exitCode = 1;
  });
};
process.once('SIGTERM', stop).once('SIGINT', stop);
