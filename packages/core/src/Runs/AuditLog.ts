import { token } from '../DependencyInjection/Token.js';

/** An operator action, as the {@link AuditLog} records it. `resume-run` is `Workflows.resumeRun` (an interrupted run). */
export type AuditAction = 'trigger' | 'pause' | 'resume' | 'cancel' | 'retry' | 'compensate' | 'resume-run';

/** How an operator action ended: done, refused (bad input, wrong state), or failed (the store or the run failed it). */
export type AuditOutcome = 'ok' | 'refused' | 'failed';

/** One operator action, as written to the {@link AuditLog}. Plain data: every field maps to a column. */
export interface AuditEntry {
  /** A UUIDv7: ids sort by when the entry was appended. */
  readonly id: string;
  /** When it was appended (epoch ms, the log's clock). */
  readonly at: number;
  /** Who acted, e.g. `admin:alice` or `api` (the default). */
  readonly actor: string;
  readonly action: AuditAction;
  /** What was acted on: a workflow's name (`trigger`, `pause`, `resume`) or a run id (the others). */
  readonly target: string;
  readonly outcome: AuditOutcome;
  /** What happened, in words: the run a trigger started, a pause's `until`, why an action was refused. */
  readonly detail?: string;
  /** A display summary of the action's input (a trigger's input), never the raw value. */
  readonly input?: string;
}

/** What {@link AuditLog.append} takes: an entry without the `id` and `at` the log gives it. */
export type AuditAppend = Omit<AuditEntry, 'id' | 'at'>;

/** What {@link AuditLog.list} reads: newest first, a page at a time. */
export interface AuditQuery {
  /** At most this many entries, from 1 to 500. Defaults to 50. */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
  /** Only the entries about this workflow or run. */
  readonly target?: string;
}

/** A page of {@link AuditLog.list}: `nextCursor` is set when older entries follow. */
export interface AuditPage {
  readonly entries: AuditEntry[];
  readonly nextCursor?: string;
}

/**
 * Where operator actions are written: who triggered, paused, resumed, cancelled, retried, compensated or resumed what,
 * and how it ended. In memory by default ({@link InMemoryAuditLog}), PostgreSQL with `@baton/postgres`. The
 * `Workflows` control appends one entry per action (`actor` defaults to `'api'`); the admin API reads it.
 *
 * @remarks An entry never holds an action's raw input, only a summary of it.
 */
export interface AuditLog {
  /** Appends `entry`, with a new id and the log's now; resolves with the entry as stored. */
  append(entry: AuditAppend): Promise<AuditEntry>;
  /** Entries, newest first, a page at a time. */
  list(query?: AuditQuery): Promise<AuditPage>;
}

/** DI token for the host's {@link AuditLog}; `addWorkflow` registers an {@link InMemoryAuditLog} unless the app did. */
export const AuditLog = token<AuditLog>('@baton/core/AuditLog');
