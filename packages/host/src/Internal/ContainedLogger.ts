// The host wraps whatever logger it is given in this, before anything else sees it: a logger that throws (or returns
// a rejected promise) is never allowed to change what the host or a run does. Its failures are counted by
// LoggerFailures; the entries it could not write are dropped.
import type { LogFields, Logger } from '@baton/core';
import type { LoggerFailures } from './LoggerFailures.js';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** A {@link Logger} whose calls never throw: each failure of the logger inside is recorded instead. */
export class ContainedLogger implements Logger {
  readonly #inner: Logger;
  readonly #failures: LoggerFailures;

  constructor(inner: Logger, failures: LoggerFailures) {
    this.#inner = inner;
    this.#failures = failures;
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

  /** The inner logger's child, contained; when `child` throws, a logger that adds `fields` to each entry itself. */
  child(fields: LogFields): Logger {
    let child: unknown;
    try {
      child = this.#inner.child(fields);
    } catch (error) {
      this.#failures.failed(error);
    }
    // A logger whose child is itself (NullLogger) keeps its container too: no new object per run and per step.
    if (child === this.#inner) return this;
    if (isLogger(child)) return new ContainedLogger(child, this.#failures);
    if (child !== undefined) this.#failures.failed(new TypeError("The logger's child() returned something that is not a logger."));
    return new ContainedLogger(new FieldsLogger(this.#inner, fields), this.#failures);
  }

  #write(level: Level, message: string, fields: LogFields | undefined): void {
    let result: unknown;
    try {
      result = this.#inner[level](message, fields);
    } catch (error) {
      this.#failures.failed(error);
      return;
    }
    this.#failures.succeeded();
    // An asynchronous logger may reject later; that must not become an unhandled rejection.
    if (isPromiseLike(result)) result.then(undefined, (error: unknown) => this.#failures.failed(error));
  }
}

/** Stands in for a child the logger could not make: writes through the parent, with the child's fields merged in. */
class FieldsLogger implements Logger {
  constructor(
    private readonly parent: Logger,
    private readonly fields: LogFields,
  ) {}

  error(message: string, fields?: LogFields): void {
    this.parent.error(message, { ...this.fields, ...fields });
  }

  warn(message: string, fields?: LogFields): void {
    this.parent.warn(message, { ...this.fields, ...fields });
  }

  info(message: string, fields?: LogFields): void {
    this.parent.info(message, { ...this.fields, ...fields });
  }

  debug(message: string, fields?: LogFields): void {
    this.parent.debug(message, { ...this.fields, ...fields });
  }

  child(fields: LogFields): Logger {
    return new FieldsLogger(this.parent, { ...this.fields, ...fields });
  }
}

const LOGGER_METHODS = ['error', 'warn', 'info', 'debug', 'child'] as const;

/** Whether `value` has every Logger method. A loop over one list: it runs for every child logger (one per run and step). */
function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  for (const method of LOGGER_METHODS) if (typeof candidate[method] !== 'function') return false;
  return true;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
