import type { TerminusBody } from '../TerminusBody.js';
import type { TerminusIndicator } from '../TerminusIndicator.js';
import type { ProbeResult } from './ProbeResult.js';

/** The NestJS-terminus-shaped body of a probe. */
export function toTerminusBody(result: ProbeResult): TerminusBody {
  const info: Record<string, TerminusIndicator> = {};
  const error: Record<string, TerminusIndicator> = {};
  const details: Record<string, TerminusIndicator> = {};
  for (const [key, detail] of result.checks) {
    const indicator: TerminusIndicator = {
      status: detail.status === 'fail' ? 'down' : 'up',
      ...(typeof detail.observedValue === 'string' && { state: detail.observedValue }),
      ...(detail.output !== undefined && { message: detail.output }),
    };
    (indicator.status === 'up' ? info : error)[key] = indicator;
    details[key] = indicator;
  }
  const status = result.shuttingDown ? 'shutting_down' : result.status === 'fail' ? 'error' : 'ok';
  return { status, info, error, details };
}
