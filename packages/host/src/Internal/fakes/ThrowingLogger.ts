import type { LogFields, Logger } from '@baton/core';

/**
 * A {@link Logger} that records its entries until `failFrom` calls (children included) have been made, then throws
 * on every call from that one on; `fail` / `recover` switch it by hand. `child` throws too when `childThrows`.
 */
export class ThrowingLogger implements Logger {
  readonly entries: { readonly level: string; readonly message: string; readonly fields: LogFields }[] = [];
  calls = 0;
  failing = false;
  childThrows = false;
  readonly #failFrom: number;
  readonly #root: ThrowingLogger;
  readonly #bound: LogFields;

  constructor(failFrom = Number.POSITIVE_INFINITY, root?: ThrowingLogger, bound: LogFields = {}) {
    this.#failFrom = failFrom;
    this.#root = root ?? this;
    this.#bound = bound;
  }

  error(message: string, fields?: LogFields): void {
    this.#call('error', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#call('warn', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#call('info', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.#call('debug', message, fields);
  }

  child(fields: LogFields): Logger {
    const root = this.#root;
    if (root.childThrows) throw new Error('child() is broken');
    return new ThrowingLogger(this.#failFrom, root, { ...this.#bound, ...fields });
  }

  #call(level: string, message: string, fields: LogFields | undefined): void {
    const root = this.#root;
    root.calls++;
    if (root.failing || root.calls >= root.#failFrom) throw new Error(`log sink is down (call ${root.calls})`);
    root.entries.push({ level, message, fields: { ...this.#bound, ...fields } });
  }
}
