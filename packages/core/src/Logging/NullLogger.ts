import type { LogFields, Logger } from './Logger.js';

/** A {@link Logger} that discards everything. */
export const NullLogger: Logger = {
  error(_message: string, _fields?: LogFields) {},
  warn(_message: string, _fields?: LogFields) {},
  info(_message: string, _fields?: LogFields) {},
  debug(_message: string, _fields?: LogFields) {},
  child(_fields: LogFields) {
    return NullLogger;
  },
};
