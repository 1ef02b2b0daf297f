import type { Workflows } from '@baton/core';
import type { Host } from '@baton/host';
import type { AuditTrail } from './AuditTrail.js';
import type { LiveEvents } from './LiveEvents.js';
import type { TickLedger } from './TickLedger.js';

/** What the read and action routes share: the host, its workflows (once started), the ledger, the live events, the audit log. */
export interface AdminContext {
  readonly host: Host;
  /** The host's `Workflows`, or `undefined` before start or on a host without workflows. */
  workflows(): Workflows | undefined;
  now(): number;
  readonly ledger: TickLedger;
  readonly live: LiveEvents;
  readonly audit: AuditTrail;
  /** Workflows paused until a time, by name (the engine resumes them; this is for display). */
  readonly pausedUntil: Map<string, number>;
  /** This host's instance: id and start time. */
  readonly instance: { readonly id: string; startedAt: number | undefined };
}
