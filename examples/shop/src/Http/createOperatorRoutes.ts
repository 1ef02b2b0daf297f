import { adminNodeHandler, createAdmin, instrument } from '@baton/admin';
import type { Host } from '@baton/host';
import type { OperatorRoutes } from '../Interfaces/OperatorRoutes.js';

/**
 * Health probes, Prometheus metrics, the admin JSON API and the dashboard for `host`, from `@baton/admin`:
 * - `GET /health/live` and `GET /health/ready`: the liveness and readiness probes (`application/health+json`);
 * - `GET /metrics`: Prometheus text;
 * - `/baton`: the dashboard, with the JSON API under `/baton/api` (and the probes and metrics again under `/baton`).
 *
 * Call it before the host starts: `instrument` registers its hosted service.
 */
export function createOperatorRoutes(host: Host, adminToken: string | undefined): OperatorRoutes {
  const observability = instrument(host);
  const admin = createAdmin(host, { token: adminToken, instrumentation: observability, title: 'shop' });
  const serveAdmin = adminNodeHandler(admin);
  const probes: Readonly<Record<string, typeof observability.metrics>> = {
    '/health/live': observability.liveness,
    '/health/ready': observability.readiness,
    '/metrics': observability.metrics,
  };
  return {
    async serve(request, response) {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const probe = request.method === 'GET' ? probes[path] : undefined;
      if (probe !== undefined) {
        const { status, headers, body } = await probe(request);
        response.writeHead(status, headers).end(body);
        return true;
      }
      return serveAdmin(request, response);
    },
  };
}
