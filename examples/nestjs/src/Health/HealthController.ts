import type { HealthReport } from '@baton/host';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { BatonHost } from '../Baton/BatonHost.js';

/** `GET /health`: the Baton host's report; 200 when healthy or degraded, 503 when unhealthy (e.g. while stopping). */
@Controller('health')
export class HealthController {
  constructor(@Inject(BatonHost) private readonly baton: BatonHost) {}

  @Get()
  async check(): Promise<HealthReport> {
    const report = await this.baton.health();
    if (report.status === 'unhealthy') throw new ServiceUnavailableException(report);
    return report;
  }
}
