import { type Admin, adminExpress, createAdmin, instrument } from '@baton/admin';
import type { Host } from '@baton/host';
import { Router } from 'express';

/** The operator's side of the app: the admin (to close its live streams on stop) and its Express router. */
export interface OperatorRoutes {
  readonly admin: Admin;
  readonly router: Router;
}

/**
 * Probes, metrics, the admin API and the dashboard from `@baton/admin`: `GET /health/live`, `GET /health/ready`,
 * `GET /metrics`, and `/baton` (the dashboard, with the JSON API under `/baton/api`). Call it before `host.start()`:
 * `instrument` registers a hosted service. Actions need `BATON_ADMIN_TOKEN` (16+ characters); unset, they are off.
 */
export function operatorRoutes(host: Host, adminToken: string | undefined): OperatorRoutes {
  const observability = instrument(host);
  const admin = createAdmin(host, { token: adminToken, instrumentation: observability, title: 'tenants (Express)' });
  const router = Router();
  // Before any body parser: the admin reads its own bodies, within its size limit.
  router.use(adminExpress(admin));
  for (const [path, probe] of [
    ['/health/live', observability.liveness],
    ['/health/ready', observability.readiness],
    ['/metrics', observability.metrics],
  ] as const) {
    router.get(path, async (request, response) => {
      const { status, headers, body } = await probe(request);
      response.status(status).set(headers).send(body);
    });
  }
  return { admin, router };
}
