import type { LogFields, Logger } from '@baton/core';
import type { PinoLike } from '../Logging/PinoLike.js';
import { serializeFields } from './serializeFields.js';

/**
 * A core {@link Logger} on a pino logger: pino takes the fields first and the message second, and renders an Error
 * under any key but `err` as `{}`, so every Error in the fields is serialised (name, message, stack, code, cause).
 */
export class PinoLogger implements Logger {
  readonly #inner: PinoLike;

  constructor(inner: PinoLike) {
    this.#inner = inner;
  }

  /**
   * Whether `value` looks like a pino logger (duck-typed, so pino need not be installed for the host): level methods,
   * `child`, `bindings`, `isLevelEnabled` and a `levels.values` table.
   */
  static isPinoLogger(value: unknown): value is PinoLike {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as Record<string, unknown>;
    const levels = candidate['levels'] as { values?: unknown } | undefined;
    return (
      ['error', 'warn', 'info', 'debug', 'child', 'bindings', 'isLevelEnabled'].every((method) => typeof candidate[method] === 'function') &&
      typeof levels === 'object' &&
      levels !== null &&
      typeof levels.values === 'object'
    );
  }

  error(message: string, fields?: LogFields): void {
    this.#inner.error(serializeFields(fields), message);
  }

  warn(message: string, fields?: LogFields): void {
    this.#inner.warn(serializeFields(fields), message);
  }

  info(message: string, fields?: LogFields): void {
    this.#inner.info(serializeFields(fields), message);
  }

  debug(message: string, fields?: LogFields): void {
    this.#inner.debug(serializeFields(fields), message);
  }

  child(fields: LogFields): Logger {
    return new PinoLogger(this.#inner.child(serializeFields(fields)));
  }
}
