import { systemClock, type Clock, type InversifyContainer, type Logger } from '@baton/core';
import type { Writable } from 'node:stream';
import type { HostOptions } from '../HostOptions.js';
import type { LogLevel } from '../LogLevel.js';
import { describeValue } from './describeValue.js';
import { invalidOptions } from './invalidOptions.js';
import { LevelFilterLogger } from './LevelFilterLogger.js';
import { parseOptionDuration } from './parseOptionDuration.js';
import { PinoLogger } from './PinoLogger.js';
import { resolveExceptionPolicy } from './resolveExceptionPolicy.js';
import { resolveOrchestrationOptions } from './resolveOrchestrationOptions.js';
import type { ResolvedHostOptions } from './ResolvedHostOptions.js';
import { WinstonLogger } from './WinstonLogger.js';

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'shutdownTimeout',
  'startupTimeout',
  'onError',
  'logger',
  'logLevel',
  'clock',
  'name',
  'orchestrations',
  'container',
]);
const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** What {@link resolveHostOptions} reads from the process; a parameter so tests need not touch the real one. */
export interface HostEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
  /** Where the default logger writes; stdout (through winston's Console transport) when omitted. */
  readonly stdout?: Writable;
  /** What relative orchestration paths are resolved against; the process's working directory when omitted. */
  readonly cwd?: string;
}

/**
 * Validates every {@link HostOptions} field and fills in the defaults. Throws `BATON_ERR_HOST_INVALID_OPTIONS`
 * naming the option for a wrong type or range and for an unknown key.
 */
export function resolveHostOptions(options: unknown, environment: HostEnvironment): ResolvedHostOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOptions(`createHost options must be an object; got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) throw invalidOptions(`Unknown host option '${key}'; expected one of ${[...KNOWN_KEYS].join(', ')}.`);
  }
  const given = options as { [K in keyof HostOptions]?: unknown };

  const name = given.name ?? 'baton';
  if (typeof name !== 'string' || name.trim() === '') throw invalidOptions(`name must be a non-empty string; got ${describeValue(name)}.`);

  const shutdownTimeoutMs = parseOptionDuration(given.shutdownTimeout ?? '30s', 'shutdownTimeout');
  const startupTimeoutMs = given.startupTimeout === undefined ? undefined : parseOptionDuration(given.startupTimeout, 'startupTimeout', { positive: true });
  const policy = resolveExceptionPolicy(given.onError ?? 'stop-host', 'onError');

  const clock: unknown = given.clock ?? systemClock;
  if (!isClock(clock)) throw invalidOptions(`clock must implement Clock (now, sleep and sleepUntil functions); got ${describeValue(clock)}.`);

  if (given.logLevel !== undefined && !LEVELS.includes(given.logLevel as LogLevel)) {
    throw invalidOptions(`logLevel must be one of ${LEVELS.join(', ')}; got ${describeValue(given.logLevel)}.`);
  }
  const explicitLevel = given.logLevel as LogLevel | undefined;
  const logger = resolveLogger(given.logger, explicitLevel, environment);

  const orchestrations = resolveOrchestrationOptions(given.orchestrations, environment.env, environment.cwd ?? process.cwd());

  const container = given.container;
  if (container !== undefined && !isContainer(container)) {
    throw invalidOptions(`container must be an inversify Container (isBound and get functions); got ${describeValue(container)}.`);
  }

  return { name, shutdownTimeoutMs, startupTimeoutMs, policy, logger, clock, orchestrations, container };
}

function resolveLogger(logger: unknown, explicitLevel: LogLevel | undefined, environment: HostEnvironment): Logger {
  if (logger === undefined) {
    const fromEnv = environment.env['BATON_LOG_LEVEL'];
    if (explicitLevel === undefined && fromEnv !== undefined && !LEVELS.includes(fromEnv as LogLevel)) {
      throw invalidOptions(
        `The BATON_LOG_LEVEL environment variable (used when logLevel is not set) must be one of ${LEVELS.join(', ')}; got ${describeValue(fromEnv)}.`,
      );
    }
    const level = explicitLevel ?? (fromEnv as LogLevel | undefined) ?? 'info';
    return WinstonLogger.createDefault({ level, pretty: environment.isTTY, ...(environment.stdout && { stream: environment.stdout }) });
  }
  const core = adaptLogger(logger);
  if (core === undefined) {
    throw invalidOptions(
      `logger must be a @baton/core Logger (error, warn, info, debug and child functions), a winston or a pino logger; got ${describeValue(logger)}. ` +
        'Adapt another logger with fromPino() or fromWinston(), or write a Logger around it.',
    );
  }
  return explicitLevel === undefined ? core : new LevelFilterLogger(core, explicitLevel);
}

/**
 * The app's logger as a core Logger. winston and pino loggers are checked first: they too have error/warn/info/
 * debug/child, but called as a core Logger winston logs Errors as {} and pino drops the fields.
 */
function adaptLogger(logger: unknown): Logger | undefined {
  if (WinstonLogger.isWinstonLogger(logger)) return new WinstonLogger(logger);
  if (PinoLogger.isPinoLogger(logger)) return new PinoLogger(logger);
  return isCoreLogger(logger) ? logger : undefined;
}

function isCoreLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['error', 'warn', 'info', 'debug', 'child'].every((method) => typeof candidate[method] === 'function');
}

function isClock(value: unknown): value is Clock {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['now', 'sleep', 'sleepUntil'].every((method) => typeof candidate[method] === 'function');
}

function isContainer(value: unknown): value is InversifyContainer {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['isBound'] === 'function' && typeof candidate['get'] === 'function';
}
