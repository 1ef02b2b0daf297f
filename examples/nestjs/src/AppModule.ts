import { Module } from '@nestjs/common';
import { BatonModule } from './Baton/BatonModule.js';
import { HealthController } from './Health/HealthController.js';
import { configureTenantProvisioning } from './Tenants/configureTenantProvisioning.js';
import { TenantsModule } from './Tenants/TenantsModule.js';

/** The root module: the tenants feature, `/health`, and the Baton host beside them. */
@Module({
  imports: [BatonModule.forRoot({ host: { name: 'nest-tenants', shutdownTimeout: '10s' }, configure: configureTenantProvisioning }), TenantsModule],
  controllers: [HealthController],
})
export class AppModule {}
