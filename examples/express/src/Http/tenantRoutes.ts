import type { TenantRequest } from '@baton/orchestration-tenant-provisioning';
import { Router } from 'express';
import { TenantDirectory } from '../Services/TenantDirectory.js';
import { TenantSignups } from '../Services/TenantSignups.js';

/**
 * The tenants API. Each handler resolves its services from the request's scope (`res.locals.scope`).
 * - `POST /tenants` `{ "tenantId": "acme", "name": "Acme", "plan": "pro" }`: provisions the tenant and answers
 *   201 with it; 200 when it was already provisioned; 422 with the run's status and error when the run did not
 *   succeed (e.g. `"plan": "platinum"` is compensated); 400 for a body that is not a tenant.
 * - `GET /tenants/:tenantId`: the provisioned tenant, or 404.
 */
export function tenantRoutes(): Router {
  const router = Router();

  router.post('/tenants', async (request, response) => {
    const tenant = readTenantRequest(request.body);
    if (tenant === undefined) {
      response.status(400).json({ error: 'Send JSON like { "tenantId": "acme", "name": "Acme", "plan": "pro" } (plan and adminEmail optional).' });
      return;
    }
    const result = await response.locals.scope.get(TenantSignups).signUp(tenant);
    if (result.outcome === 'failed') {
      response.status(422).json({ runId: result.runId, status: result.status, error: result.error });
    } else {
      response.status(result.outcome === 'provisioned' ? 201 : 200).json(result.tenant);
    }
  });

  router.get('/tenants/:tenantId', (request, response) => {
    const tenant = response.locals.scope.get(TenantDirectory).get(request.params.tenantId);
    if (tenant === undefined) response.status(404).json({ error: `Unknown tenant '${request.params.tenantId}'.` });
    else response.json(tenant);
  });

  return router;
}

function readTenantRequest(body: unknown): TenantRequest | undefined {
  const { tenantId, name, plan, adminEmail } = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  const optional = (value: unknown): value is string | undefined => value === undefined || text(value);
  if (!text(tenantId) || !text(name) || !optional(plan) || !optional(adminEmail)) return undefined;
  return { tenantId, name, ...(plan === undefined ? {} : { plan }), ...(adminEmail === undefined ? {} : { adminEmail }) };
}
