import { BatonError, parseDuration } from '@baton/core';
import { PostgresErrorCode } from '../PostgresErrorCode.js';
import type { PostgresOptions } from '../PostgresOptions.js';
import { connectionTarget } from './ConnectionTarget.js';

/** {@link PostgresOptions} checked, with their defaults, in milliseconds. */
export interface ResolvedPostgresOptions {
  readonly url: string;
  readonly schema: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly retryTimeoutMs: number;
  readonly queueTimeoutMs: number;
  readonly migrate: boolean;
  readonly maxRunsPerWorkflow: number | undefined;
  readonly maxAgeMs: number | undefined;
  readonly retentionIntervalMs: number;
  readonly applicationName: string;
}

const KEYS = [
  'url',
  'schema',
  'poolSize',
  'connectTimeout',
  'retryTimeout',
  'queueTimeout',
  'migrate',
  'maxRunsPerWorkflow',
  'maxAge',
  'retentionInterval',
  'applicationName',
] as const;

function invalid(message: string): BatonError {
  return new BatonError(PostgresErrorCode.PostgresInvalidOptions, `addPostgres: ${message}`);
}

function duration(value: unknown, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  let ms: number;
  try {
    ms = parseDuration(value, what);
  } catch (error) {
    throw invalid(`${what} ${(error as Error).message}`);
  }
  if (ms <= 0) throw invalid(`${what} must be greater than zero; got ${JSON.stringify(value)}.`);
  return ms;
}

/** Checks `options` at registration: an unknown key or a wrong value is a BATON_ERR_POSTGRES_INVALID_OPTIONS. */
export function resolvePostgresOptions(options: PostgresOptions, env: NodeJS.ProcessEnv = process.env): ResolvedPostgresOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalid(`options must be an object; got ${String(options)}.`);
  for (const key of Object.keys(options)) {
    if (!(KEYS as readonly string[]).includes(key)) throw invalid(`unknown option '${key}'; expected one of ${KEYS.join(', ')}.`);
  }
  const url = options.url ?? env['DATABASE_URL'];
  connectionTarget(url, options.url === undefined ? 'DATABASE_URL' : 'the url option');
  const { schema = 'baton', poolSize = 10, migrate = true, maxRunsPerWorkflow, applicationName = 'baton' } = options;
  if (typeof schema !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw invalid(`schema must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters, not starting with a digit); got ${JSON.stringify(schema)}.`);
  }
  if (!Number.isInteger(poolSize) || poolSize < 1) throw invalid(`poolSize must be an integer >= 1; got ${String(poolSize)}.`);
  if (typeof migrate !== 'boolean') throw invalid(`migrate must be true or false; got ${String(migrate)}.`);
  if (maxRunsPerWorkflow !== undefined && (!Number.isInteger(maxRunsPerWorkflow) || maxRunsPerWorkflow < 1)) {
    throw invalid(`maxRunsPerWorkflow must be an integer >= 1; got ${String(maxRunsPerWorkflow)}.`);
  }
  if (typeof applicationName !== 'string' || applicationName === '')
    throw invalid(`applicationName must be a non-empty string; got ${String(applicationName)}.`);
  return {
    url: url as string,
    schema,
    poolSize,
    connectTimeoutMs: duration(options.connectTimeout, 'connectTimeout', 5_000),
    retryTimeoutMs: duration(options.retryTimeout, 'retryTimeout', 10_000),
    queueTimeoutMs: duration(options.queueTimeout, 'queueTimeout', 60_000),
    migrate,
    maxRunsPerWorkflow,
    maxAgeMs: options.maxAge === undefined ? undefined : duration(options.maxAge, 'maxAge', 0),
    retentionIntervalMs: duration(options.retentionInterval, 'retentionInterval', 60_000),
    applicationName,
  };
}
