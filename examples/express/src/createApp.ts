import { Logger } from '@baton/core';
import type { Host } from '@baton/host';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { OperatorRoutes } from './Http/operatorRoutes.js';
import { requestScope } from './Http/requestScope.js';
import { tenantRoutes } from './Http/tenantRoutes.js';

/**
 * The Express app, on a started host: a DI scope per request, the tenants routes, and `GET /health` from
 * `host.health()` (200 when healthy or degraded, 503 when unhealthy, e.g. while the host stops); with `operator`,
 * the probes, `/metrics` and the admin under `/baton` come first.
 */
export function createApp(host: Host, operator?: OperatorRoutes): Express {
  const log = host.provider.get(Logger).child({ component: 'express' });
  const app = express();

  // Probes, metrics, the admin API and the dashboard (@baton/admin), before the JSON parser.
  if (operator !== undefined) app.use(operator.router);
  app.use(express.json());
  app.use(requestScope(host.provider, (error) => log.error('Request scope failed to dispose', { error })));
  app.use(tenantRoutes());

  app.get('/health', async (_request, response) => {
    const report = await host.health();
    response.status(report.status === 'unhealthy' ? 503 : 200).json(report);
  });

  app.use((_request, response) => {
    response.status(404).json({ error: 'Not found. Try POST /tenants, GET /tenants/:tenantId or GET /health.' });
  });

  // Express 5 passes a rejected async handler here; a malformed JSON body arrives with status 400.
  const onError: ErrorRequestHandler = (error: { status?: number; message?: string }, request, response, _next) => {
    if (error.status === 400) {
      response.status(400).json({ error: `Bad JSON body: ${error.message}` });
      return;
    }
    log.error('Request failed', { method: request.method, url: request.originalUrl, error });
    response.status(500).json({ error: 'Internal server error.' });
  };
  app.use(onError);

  return app;
}
