import type { HealthCheckDetail } from '../HealthCheckDetail.js';
import type { ProbeKind } from '../ProbeKind.js';

export type ProbeStatus = 'pass' | 'warn' | 'fail';

/** A probe's outcome before it is shaped as a body (IETF or terminus). */
export interface ProbeResult {
  readonly kind: ProbeKind;
  readonly status: ProbeStatus;
  /** `starting`, `shutting_down`, `stopped`, or the keys of the checks that fail or warn. */
  readonly output?: string;
  /** The host is stopping or stopped (terminus' `shutting_down`). */
  readonly shuttingDown: boolean;
  readonly checks: ReadonlyMap<string, HealthCheckDetail>;
}

const SEVERITY: Readonly<Record<ProbeStatus, number>> = { pass: 0, warn: 1, fail: 2 };

export function worstStatus(statuses: Iterable<ProbeStatus>): ProbeStatus {
  let worst: ProbeStatus = 'pass';
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}
