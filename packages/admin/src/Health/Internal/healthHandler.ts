import type { ObservabilityHandler } from '../../Instrumentation/ObservabilityHandler.js';
import type { ObservabilityResponse } from '../../Instrumentation/ObservabilityResponse.js';
import type { ProbeKind } from '../ProbeKind.js';
import type { HealthProbe } from './HealthProbe.js';
import type { ProbeResult } from './ProbeResult.js';
import { toHealthBody } from './toHealthBody.js';
import { toTerminusBody } from './toTerminusBody.js';

/** The handler of one probe: 200 unless it fails (503), in the configured format. Never rejects. */
export function healthHandler(probe: HealthProbe, kind: ProbeKind, hostName: string): ObservabilityHandler {
  return async (request) => {
    let result: ProbeResult;
    try {
      result = await probe.probe(kind, request?.signal);
    } catch (error) {
      // Not expected (each check is guarded): answer rather than hang or crash the server.
      result = {
        kind,
        status: 'fail',
        output: `The probe failed: ${error instanceof Error ? error.message : String(error)}`,
        shuttingDown: false,
        checks: new Map(),
      };
    }
    return respond(result, probe.options.format, hostName);
  };
}

function respond(result: ProbeResult, format: 'ietf' | 'terminus', hostName: string): ObservabilityResponse {
  const status = result.status === 'fail' ? 503 : 200;
  if (format === 'terminus') {
    return {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify(toTerminusBody(result)),
    };
  }
  return { status, headers: { 'content-type': 'application/health+json', 'cache-control': 'no-store' }, body: JSON.stringify(toHealthBody(result, hostName)) };
}
