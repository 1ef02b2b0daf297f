import type { LogFields, Logger } from '@baton/core';

/** One recorded entry; `fields` includes the fields of every parent `child()`. */
export interface LogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
  readonly fields: LogFields;
}

/** A {@link Logger} that keeps every entry in memory, for assertions. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[];
  readonly #context: LogFields;

  constructor(entries: LogEntry[] = [], context: LogFields = {}) {
    this.entries = entries;
    this.#context = context;
  }

  /** The entries whose `event` field is `event`. */
  events(event: string): LogEntry[] {
    return this.entries.filter((entry) => entry.fields['event'] === event);
  }

  error(message: string, fields?: LogFields): void {
    this.#record('error', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#record('warn', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#record('info', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.#record('debug', message, fields);
  }

  child(fields: LogFields): Logger {
    return new RecordingLogger(this.entries, { ...this.#context, ...fields });
  }

  #record(level: LogEntry['level'], message: string, fields: LogFields | undefined): void {
    this.entries.push({ level, message, fields: { ...this.#context, ...fields } });
  }
}
