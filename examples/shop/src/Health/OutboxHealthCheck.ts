import type { HealthCheck, HealthCheckResult } from '@baton/host';
import { Outbox } from '../Interfaces/Outbox.js';

/** More orders than this waiting means the dispatcher is falling behind. */
const BACKLOG_LIMIT = 100;

/**
 * Reports the outbox backlog: degraded when more than 100 orders wait for the OutboxDispatcher (orders are still
 * taken, but ship late). A class, so the host resolves it from the container with its `Outbox`.
 */
export class OutboxHealthCheck implements HealthCheck {
  static readonly inject = [Outbox] as const;

  constructor(private readonly outbox: Outbox) {}

  check(): HealthCheckResult {
    const pending = this.outbox.pending;
    if (pending > BACKLOG_LIMIT) {
      return { status: 'degraded', description: `${pending} orders wait in the outbox; the dispatcher is falling behind.`, data: { pending } };
    }
    return { status: 'healthy', description: `${pending} order${pending === 1 ? '' : 's'} waiting in the outbox.`, data: { pending } };
  }
}
