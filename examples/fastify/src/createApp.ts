import { Logger } from '@baton/core';
import type { Host } from '@baton/host';
import Fastify, { type FastifyInstance } from 'fastify';
import type { OperatorRoutes } from './Http/operatorRoutes.js';
import { requestScope } from './Http/requestScope.js';
import { warehouseRoutes } from './Http/warehouseRoutes.js';

/**
 * The Fastify app, on a started host: a DI scope per request, the warehouse routes, and `GET /health` from
 * `host.health()` (200 when healthy or degraded, 503 when unhealthy, e.g. while the host stops).
 *
 * @remarks Fastify's own logger is off: the host's `Logger` logs for the whole process.
 */
export function createApp(host: Host, operator?: OperatorRoutes): FastifyInstance {
  const log = host.provider.get(Logger).child({ component: 'fastify' });
  const app = Fastify({ logger: false });

  requestScope(app, host.provider, (error) => log.error('Request scope failed to dispose', { error }));
  app.register(warehouseRoutes);
  // Probes, metrics, the admin API and the dashboard (@baton/admin).
  if (operator !== undefined) app.register(operator.plugin);

  app.get('/health', async (_request, reply) => {
    const report = await host.health();
    return reply.code(report.status === 'unhealthy' ? 503 : 200).send(report);
  });

  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).send({ error: 'Not found. Try GET /stock, POST /stock/:sku/pick, POST /reorders, GET /purchase-orders or GET /health.' }),
  );

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    // Validation and body-parsing errors carry a 4xx status; anything else is ours.
    if (error.statusCode !== undefined && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    log.error('Request failed', { method: request.method, url: request.url, error });
    return reply.code(500).send({ error: 'Internal server error.' });
  });

  return app;
}
