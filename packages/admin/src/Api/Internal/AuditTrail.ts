/** An operator action as the audit log keeps it (the shape of core's `AuditEntry`, see CONTRACTS). */
export interface AuditRecord {
  readonly id: string;
  readonly at: number;
  readonly actor: string;
  readonly action: 'trigger' | 'pause' | 'resume' | 'cancel' | 'retry' | 'compensate' | 'resume-run';
  readonly target: string;
  readonly outcome: 'ok' | 'refused' | 'failed';
  readonly detail?: string;
  /** A summary of the input, never the raw value. */
  readonly input?: string;
}

/** Where the admin API writes and reads its audit entries. */
export interface AuditTrail {
  append(entry: Omit<AuditRecord, 'id' | 'at'>): Promise<AuditRecord>;
  list(query?: { readonly limit?: number; readonly cursor?: string; readonly target?: string }): Promise<{ entries: AuditRecord[]; nextCursor?: string }>;
}

/**
 * This host's audit log, in memory and bounded (the oldest entries fall off), newest first. Used until the host
 * binds a shared `AuditLog` (the PostgreSQL one keeps every replica's actions).
 */
export class InMemoryAuditTrail implements AuditTrail {
  readonly #entries: AuditRecord[] = [];
  #sequence = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity = 1_000,
  ) {}

  async append(entry: Omit<AuditRecord, 'id' | 'at'>): Promise<AuditRecord> {
    this.#sequence += 1;
    const record: AuditRecord = Object.freeze({ ...entry, id: String(this.#sequence).padStart(12, '0'), at: this.now() });
    this.#entries.unshift(record);
    if (this.#entries.length > this.capacity) this.#entries.length = this.capacity;
    return record;
  }

  async list(query: { readonly limit?: number; readonly cursor?: string; readonly target?: string } = {}): Promise<{ entries: AuditRecord[]; nextCursor?: string }> {
    const limit = query.limit ?? 50;
    const matching = this.#entries.filter((entry) => (query.target === undefined || entry.target === query.target) && (query.cursor === undefined || entry.id < query.cursor));
    const entries = matching.slice(0, limit);
    return matching.length > limit ? { entries, nextCursor: entries[entries.length - 1]!.id } : { entries };
  }
}
