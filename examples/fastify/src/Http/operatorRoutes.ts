import { type Admin, adminFastify, createAdmin, instrument } from '@baton/admin';
import type { Host } from '@baton/host';
import type { FastifyPluginAsync } from 'fastify';

/** The operator's side of the app: the admin (to close its live streams on stop) and its Fastify plugin. */
export interface OperatorRoutes {
  readonly admin: Admin;
  readonly plugin: FastifyPluginAsync;
}

/**
 * Probes, metrics, the admin API and the dashboard from `@baton/admin`: `GET /health/live`, `GET /health/ready`,
 * `GET /metrics`, and `/baton` (the dashboard, with the JSON API under `/baton/api`). Call it before `host.start()`:
 * `instrument` registers a hosted service. Actions need `BATON_ADMIN_TOKEN` (16+ characters); unset, they are off.
 */
export function operatorRoutes(host: Host, adminToken: string | undefined): OperatorRoutes {
  const observability = instrument(host);
  const admin = createAdmin(host, { token: adminToken, instrumentation: observability, title: 'warehouse (Fastify)' });
  const adminPlugin = adminFastify(admin);
  const plugin: FastifyPluginAsync = async (app) => {
    // Registered in a context of its own: the admin plugin takes over body parsing for its routes only.
    await app.register(adminPlugin);
    for (const [path, probe] of [
      ['/health/live', observability.liveness],
      ['/health/ready', observability.readiness],
      ['/metrics', observability.metrics],
    ] as const) {
      app.get(path, async (request, reply) => {
        const { status, headers, body } = await probe(request.raw);
        return reply.code(status).headers(headers).send(body);
      });
    }
  };
  return { admin, plugin };
}
