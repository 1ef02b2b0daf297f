import { token } from '../DependencyInjection/Token.js';

/** Structured fields attached to a log entry. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logger contract every `@baton` package writes to. `@baton/host` puts winston behind it.
 *
 * @remarks `child` returns a logger whose entries carry `fields` in addition to the parent's.
 */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** DI token for the host's {@link Logger}. */
export const Logger = token<Logger>('@baton/core/Logger');
