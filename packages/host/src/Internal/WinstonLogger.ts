// The only file that imports winston: the host's Logger contract (from @baton/core) on top of an app's winston
// logger, or a default one on stdout. When winston changes, this file changes. No public type refers to winston's:
// an app's winston logger is taken as a `WinstonLike`.
import type { LogFields, Logger } from '@baton/core';
import winston from 'winston';
import type { Writable } from 'node:stream';
import type { WinstonLike } from '../Logging/WinstonLike.js';
import { serializeFields, type SerializedError } from './serializeFields.js';

/** Options of {@link WinstonLogger.createDefault}. */
interface DefaultLoggerOptions {
  readonly level: string;
  /** Colourised lines for people (a TTY) instead of one JSON object per line. */
  readonly pretty: boolean;
  /** Where lines go; defaults to stdout through winston's Console transport. */
  readonly stream?: Writable;
}

/** A core {@link Logger} writing to a winston logger. Errors in fields are logged with their name, message and stack. */
export class WinstonLogger implements Logger {
  readonly #inner: WinstonLike;

  constructor(inner: WinstonLike) {
    this.#inner = inner;
  }

  /** Whether `value` is a winston logger (duck-typed: the app may load another copy of winston). */
  static isWinstonLogger(value: unknown): value is WinstonLike {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as Record<string, unknown>;
    return ['log', 'add', 'remove', 'configure', 'child'].every((method) => typeof candidate[method] === 'function');
  }

  /** The default logger: pretty in a TTY, JSON lines otherwise, with an ISO timestamp on every entry. */
  static createDefault(options: DefaultLoggerOptions): WinstonLogger {
    const { combine, timestamp, json, colorize, printf } = winston.format;
    const format = options.pretty ? combine(timestamp(), colorize(), printf(prettyLine)) : combine(timestamp(), json());
    const transport = options.stream === undefined ? new winston.transports.Console() : new winston.transports.Stream({ stream: options.stream });
    return new WinstonLogger(winston.createLogger({ level: options.level, format, transports: [transport] }));
  }

  error(message: string, fields?: LogFields): void {
    this.#inner.log('error', message, serializeFields(fields));
  }

  warn(message: string, fields?: LogFields): void {
    this.#inner.log('warn', message, serializeFields(fields));
  }

  info(message: string, fields?: LogFields): void {
    this.#inner.log('info', message, serializeFields(fields));
  }

  debug(message: string, fields?: LogFields): void {
    this.#inner.log('debug', message, serializeFields(fields));
  }

  child(fields: LogFields): Logger {
    return new WinstonLogger(this.#inner.child(serializeFields(fields)));
  }
}

const PRETTY_HIDDEN = new Set(['timestamp', 'level', 'message', 'service', 'host', 'event', 'error']);

function prettyLine(info: winston.Logform.TransformableInfo): string {
  const service = typeof info['service'] === 'string' ? ` [${info['service']}]` : '';
  const rest = Object.fromEntries(Object.entries(info).filter(([key]) => !PRETTY_HIDDEN.has(key)));
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  const error = info['error'] as SerializedError | undefined;
  const stack = error?.stack === undefined ? '' : `\n    ${error.stack.split('\n').join('\n    ')}`;
  return `${String(info['timestamp'])} ${info.level}${service} ${String(info.message)}${extra}${stack}`;
}
