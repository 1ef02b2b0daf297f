import type { AuditLog, InstanceRegistry, Workflows } from '@baton/core';
import type { Host } from '@baton/host';
import type { LiveEvents } from './LiveEvents.js';
import type { TickLedger } from './TickLedger.js';

/** What the read and action routes share: the host, its workflows and stores (once started), the ledger, the live events. */
export interface AdminContext {
  readonly host: Host;
  /** The host's `Workflows`, or `undefined` before start or on a host without workflows. */
  workflows(): Workflows | undefined;
  /** The host's `AuditLog` (the Workflows control writes it), or `undefined` before start. */
  audit(): AuditLog | undefined;
  /** The host's `InstanceRegistry`, or `undefined` before start. */
  instances(): InstanceRegistry | undefined;
  now(): number;
  /** When the host started (its Clock), or `undefined` before. */
  startedAt(): number | undefined;
  readonly ledger: TickLedger;
  readonly live: LiveEvents;
}
