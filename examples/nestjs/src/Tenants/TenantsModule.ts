import { Module } from '@nestjs/common';
import { BillingService } from './BillingService.js';
import { IdentityService } from './IdentityService.js';
import { MailService } from './MailService.js';
import { TenantsController } from './TenantsController.js';
import { TenantsService } from './TenantsService.js';

/** The tenants feature: its controller, and the providers the tenant-provisioning orchestration composes. */
@Module({
  controllers: [TenantsController],
  providers: [TenantsService, IdentityService, BillingService, MailService],
})
export class TenantsModule {}
