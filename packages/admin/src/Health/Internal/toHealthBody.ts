import type { HealthBody } from '../HealthBody.js';
import type { HealthCheckDetail } from '../HealthCheckDetail.js';
import type { ProbeResult } from './ProbeResult.js';

/** The IETF body of a probe. */
export function toHealthBody(result: ProbeResult, hostName: string): HealthBody {
  const checks: Record<string, readonly HealthCheckDetail[]> = {};
  for (const [key, detail] of result.checks) checks[key] = [detail];
  return {
    status: result.status,
    description: `${result.kind} of host '${hostName}'`,
    ...(result.output !== undefined && { output: result.output }),
    checks,
  };
}
