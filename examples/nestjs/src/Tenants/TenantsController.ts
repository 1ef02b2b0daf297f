import type { TenantProvisioned, TenantRequest } from '@baton/orchestration-tenant-provisioning';
import { BadRequestException, Body, Controller, Get, Inject, NotFoundException, Param, Post, Res, UnprocessableEntityException } from '@nestjs/common';
import { TenantsService } from './TenantsService.js';

/**
 * The tenants API.
 * - `POST /tenants` `{ "tenantId": "acme", "name": "Acme", "plan": "pro" }`: provisions the tenant and answers
 *   201 with it; 200 when it was already provisioned; 422 with the run's status and error when the run did not
 *   succeed (e.g. `"plan": "platinum"` is compensated); 400 for a body that is not a tenant.
 * - `GET /tenants/:tenantId`: the provisioned tenant, or 404.
 */
@Controller('tenants')
export class TenantsController {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @Post()
  async signUp(@Body() body: unknown, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<TenantProvisioned> {
    const request = readTenantRequest(body);
    if (request === undefined) {
      throw new BadRequestException('Send JSON like { "tenantId": "acme", "name": "Acme", "plan": "pro" } (plan and adminEmail optional).');
    }
    const result = await this.tenants.signUp(request);
    if (result.outcome === 'failed') throw new UnprocessableEntityException({ runId: result.runId, status: result.status, error: result.error });
    response.status(result.outcome === 'provisioned' ? 201 : 200);
    return result.tenant;
  }

  @Get(':tenantId')
  get(@Param('tenantId') tenantId: string): TenantProvisioned {
    const tenant = this.tenants.get(tenantId);
    if (tenant === undefined) throw new NotFoundException(`Unknown tenant '${tenantId}'.`);
    return tenant;
  }
}

function readTenantRequest(body: unknown): TenantRequest | undefined {
  const { tenantId, name, plan, adminEmail } = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  const optional = (value: unknown): value is string | undefined => value === undefined || text(value);
  if (!text(tenantId) || !text(name) || !optional(plan) || !optional(adminEmail)) return undefined;
  return { tenantId, name, ...(plan === undefined ? {} : { plan }), ...(adminEmail === undefined ? {} : { adminEmail }) };
}
