import type { LogFields, Logger } from '@baton/core';
import type { LogLevel } from '../LogLevel.js';

const SEVERITY: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Drops entries less severe than `level` before they reach an app's own core Logger. */
export class LevelFilterLogger implements Logger {
  readonly #inner: Logger;
  readonly #max: number;

  constructor(inner: Logger, level: LogLevel) {
    this.#inner = inner;
    this.#max = SEVERITY[level];
  }

  error(message: string, fields?: LogFields): void {
    this.#inner.error(message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    if (this.#max >= SEVERITY.warn) this.#inner.warn(message, fields);
  }

  info(message: string, fields?: LogFields): void {
    if (this.#max >= SEVERITY.info) this.#inner.info(message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    if (this.#max >= SEVERITY.debug) this.#inner.debug(message, fields);
  }

  child(fields: LogFields): Logger {
    return new LevelFilterLogger(this.#inner.child(fields), (Object.keys(SEVERITY) as LogLevel[])[this.#max]!);
  }
}
