import { BatonError, BatonErrorCode } from '@baton/core';
import type { Instrumentation } from '../../Instrumentation/Instrumentation.js';
import type { AdminOptions } from '../AdminOptions.js';
import type { AdminRequest } from '../AdminRequest.js';

/** {@link AdminOptions} with their defaults, checked. */
export interface ResolvedAdminOptions {
  readonly prefix: string;
  readonly token: string | undefined;
  readonly protectReads: boolean;
  readonly readOnly: boolean;
  readonly bodyLimit: number;
  readonly tickLedgerSize: number;
  readonly lateAfterMs: number;
  readonly actor: (request: AdminRequest) => string;
  readonly title: string | undefined;
  readonly instrumentation: Instrumentation | undefined;
}

const KEYS = new Set(['prefix', 'token', 'protectReads', 'readOnly', 'bodyLimit', 'tickLedgerSize', 'lateAfterMs', 'actor', 'title', 'instrumentation']);

/** Checks `options` at once (before any request), each failure a `BATON_ERR_ADMIN_API_INVALID_OPTIONS` naming the option. */
export function resolveAdminOptions(options: AdminOptions | undefined): ResolvedAdminOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) fail(`createAdmin(host, options) needs an options object; got ${typeof options}.`);
  for (const key of Object.keys(options)) if (!KEYS.has(key)) fail(`Unknown admin option '${key}'; options are ${[...KEYS].join(', ')}.`);
  const prefix = options.prefix ?? '/baton';
  if (typeof prefix !== 'string' || (prefix !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix))) {
    fail(`The admin prefix must be '' or a path like '/baton' (no trailing slash); got ${JSON.stringify(prefix)}.`);
  }
  const token = options.token;
  // The token's value never goes into a message: only its length.
  if (token !== undefined && (typeof token !== 'string' || token.length < 16))
    fail(`The admin token must be a string of at least 16 characters (got ${typeof token === 'string' ? `${token.length} characters` : typeof token}).`);
  const protectReads = flag(options.protectReads, 'protectReads');
  if (protectReads && token === undefined) fail('protectReads needs a token: set the token option too.');
  return {
    prefix,
    token,
    protectReads,
    readOnly: flag(options.readOnly, 'readOnly'),
    bodyLimit: whole(options.bodyLimit, 'bodyLimit', 64 * 1024),
    tickLedgerSize: whole(options.tickLedgerSize, 'tickLedgerSize', 200),
    lateAfterMs: whole(options.lateAfterMs, 'lateAfterMs', 1_000),
    actor: fn(options.actor),
    title: text(options.title),
    instrumentation: instrumentationOf(options.instrumentation),
  };
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(`The admin option ${name} must be true or false; got ${typeof value}.`);
  return value;
}

function whole(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    fail(`The admin option ${name} must be a whole number of at least 1; got ${String(value)}.`);
  return value;
}

function fn(value: unknown): (request: AdminRequest) => string {
  if (value === undefined) return () => 'admin';
  if (typeof value !== 'function') fail(`The admin option actor must be a function (request) => string; got ${typeof value}.`);
  return value as (request: AdminRequest) => string;
}

function text(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail('The admin option title must be a non-empty string.');
  return value;
}

function instrumentationOf(value: unknown): Instrumentation | undefined {
  if (value === undefined) return undefined;
  const handlers = value as Partial<Record<'liveness' | 'readiness' | 'metrics', unknown>>;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof handlers.liveness !== 'function' ||
    typeof handlers.readiness !== 'function' ||
    typeof handlers.metrics !== 'function'
  ) {
    fail('The admin option instrumentation must be what instrument(host) returns.');
  }
  return value as Instrumentation;
}

function fail(message: string): never {
  throw new BatonError(BatonErrorCode.AdminApiInvalidOptions, message);
}
