import { BatonError } from '../Errors/BatonError.js';
import { BatonErrorCode } from '../Errors/BatonErrorCode.js';
import type { Clock } from '../Time/Clock.js';
import { systemClock } from '../Time/SystemClock.js';
import type { AuditAppend, AuditEntry, AuditLog, AuditPage, AuditQuery } from './AuditLog.js';
import { checkAuditEntry } from './checkAuditEntry.js';
import { checkAuditQuery } from './checkAuditQuery.js';
import { newRunId } from './Internal/newRunId.js';

/** Options of {@link InMemoryAuditLog}. */
export interface InMemoryAuditLogOptions {
  /** The most entries kept; the oldest are dropped beyond it. Defaults to 1,000. */
  readonly maxEntries?: number;
  /** Stamps each entry's `at`. Defaults to the system clock. */
  readonly clock?: Clock;
}

/**
 * The embedded {@link AuditLog}: the last `maxEntries` entries, in process memory, frozen.
 *
 * @remarks Entries are lost with the process; use `@baton/postgres` to keep them. Cursors are entry ids.
 */
export class InMemoryAuditLog implements AuditLog {
  readonly #maxEntries: number;
  readonly #clock: Clock;
  /** Oldest first. */
  readonly #entries: AuditEntry[] = [];

  constructor(options: InMemoryAuditLogOptions = {}) {
    const { maxEntries = 1000, clock = systemClock, ...unknown } = options;
    const extra = Object.keys(unknown);
    if (extra.length > 0) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `Unknown InMemoryAuditLog option '${extra[0]}'; expected maxEntries or clock.`);
    }
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new BatonError(BatonErrorCode.RunsInvalidOptions, `InMemoryAuditLog maxEntries must be an integer >= 1; got ${String(maxEntries)}.`);
    }
    this.#maxEntries = maxEntries;
    this.#clock = clock;
  }

  async append(entry: AuditAppend): Promise<AuditEntry> {
    checkAuditEntry(entry);
    const at = this.#clock.now();
    const { actor, action, target, outcome, detail, input } = entry;
    const stored: AuditEntry = Object.freeze({
      id: newRunId(at),
      at,
      actor,
      action,
      target,
      outcome,
      ...(detail === undefined ? {} : { detail }),
      ...(input === undefined ? {} : { input }),
    });
    this.#entries.push(stored);
    if (this.#entries.length > this.#maxEntries) this.#entries.splice(0, this.#entries.length - this.#maxEntries);
    return stored;
  }

  async list(query: AuditQuery = {}): Promise<AuditPage> {
    checkAuditQuery(query);
    const { limit = 50, cursor, target } = query;
    if (cursor !== undefined && typeof cursor !== 'string') {
      throw new BatonError(BatonErrorCode.RunsInvalidQuery, `The audit cursor must be a string from a previous page; got ${JSON.stringify(cursor)}.`);
    }
    const entries: AuditEntry[] = [];
    for (let index = this.#entries.length - 1; index >= 0; index--) {
      const entry = this.#entries[index]!;
      if (cursor !== undefined && entry.id >= cursor) continue;
      if (target !== undefined && entry.target !== target) continue;
      if (entries.length === limit) return { entries, nextCursor: entries.at(-1)!.id };
      entries.push(entry);
    }
    return { entries };
  }
}
