import { token } from '@baton/core';
import type { HealthReport } from '@baton/host';

/**
 * The host's health report, for `GET /health`. The host is not a service in its own container, so
 * `createShopHost` binds this token to `host.health()`; a route resolves it like any other service.
 */
export interface HostHealth {
  /** Runs the host's health checks; see `Host.health`. `signal` abandons the checks still running. */
  report(signal?: AbortSignal): Promise<HealthReport>;
}

/** DI token for {@link HostHealth}. */
export const HostHealth = token<HostHealth>('@baton/example-shop/HostHealth');
