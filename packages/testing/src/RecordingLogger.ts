import type { LogFields, Logger } from '@baton/core';

/** One captured log entry. */
export interface LogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
  /** The entry's fields merged over those of the child logger that wrote it. */
  readonly fields: LogFields;
}

/**
 * A {@link Logger} that keeps every entry in memory, children included, for assertions.
 *
 * @example
 * ```ts
 * expect(t.logs.messages('error')).toStrictEqual([]);
 * ```
 */
export class RecordingLogger implements Logger {
  readonly #entries: LogEntry[];
  readonly #bound: LogFields;

  constructor(entries: LogEntry[] = [], bound: LogFields = {}) {
    this.#entries = entries;
    this.#bound = bound;
  }

  /** Every entry, oldest first, from this logger and all its children. */
  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  /** The messages, oldest first, optionally of one level only. */
  messages(level?: LogEntry['level']): string[] {
    return this.#entries.filter((entry) => level === undefined || entry.level === level).map((entry) => entry.message);
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.length = 0;
  }

  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.#write('debug', message, fields);
  }

  child(fields: LogFields): Logger {
    return new RecordingLogger(this.#entries, { ...this.#bound, ...fields });
  }

  #write(level: LogEntry['level'], message: string, fields: LogFields | undefined): void {
    this.#entries.push({ level, message, fields: { ...this.#bound, ...fields } });
  }
}
