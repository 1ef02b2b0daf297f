import type { LogFields, Logger } from '@baton/core';

/**
 * A {@link Logger} that writes to whatever `current()` returns at the time of each call: the logger injected into a
 * hosted service registered as an unnamed factory, which is named only once the factory has returned.
 */
export class LateLogger implements Logger {
  readonly #current: () => Logger;

  constructor(current: () => Logger) {
    this.#current = current;
  }

  error(message: string, fields?: LogFields): void {
    this.#current().error(message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#current().warn(message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#current().info(message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.#current().debug(message, fields);
  }

  child(fields: LogFields): Logger {
    return this.#current().child(fields);
  }
}
