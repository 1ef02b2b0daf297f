import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Logger } from '@baton/core';
import { createApp } from './createApp.js';
import { createTenantHost } from './createTenantHost.js';
import { closeServer } from './Http/closeServer.js';
import { operatorRoutes } from './Http/operatorRoutes.js';
import { readServerSettings } from './readServerSettings.js';

const { port, hostname } = readServerSettings(process.env);

// The host first, so the orchestration is running when the first request arrives.
const host = createTenantHost();
const operator = operatorRoutes(host, process.env.BATON_ADMIN_TOKEN || undefined);
await host.start();
const log = host.provider.get(Logger);

const server = createApp(host, operator).listen(port, hostname);
try {
  await once(server, 'listening');
} catch (error) {
  log.error('The server could not listen', { port, hostname, error });
  await host.stop();
  process.exit(1);
}
const address = server.address() as AddressInfo;
const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
log.info(`Express API listening on ${url}`, { url });
log.info(`Dashboard: ${url}/baton (probes: /health/live, /health/ready; metrics: /metrics)`, { dashboard: `${url}/baton` });

// A graceful stop: no new connections and the requests in flight finish, then the host stops its services in
// reverse order. The process then exits by itself: 0 after a clean stop, 1 otherwise. A second SIGTERM, once this
// listener is gone, ends the process at once.
let stopping: Promise<void> | undefined;
const stop = (signal: NodeJS.Signals): void => {
  stopping ??= (async () => {
    log.info(`${signal} received: closing the server, then the host`);
    operator.admin.close(); // ends the dashboard's live streams, so the server can close at once
    await closeServer(server, 5_000);
    log.info('HTTP server closed');
    const result = await host.stop();
    process.exitCode = result.ok ? 0 : 1;
  })().catch((error: unknown) => {
    log.error('The graceful stop failed', { error });
    process.exitCode = 1;
  });
};
process.once('SIGTERM', stop).once('SIGINT', stop);
