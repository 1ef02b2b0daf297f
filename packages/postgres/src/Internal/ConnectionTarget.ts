import { BatonError } from '@baton/core';
import { PostgresErrorCode } from '../PostgresErrorCode.js';
import { redactUrl } from './redactUrl.js';

/** Where a connection string points: what messages name (never the password). */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The URL with its password redacted. */
  readonly redacted: string;
}

/** Parses a `postgres://` connection string; refuses anything else with BATON_ERR_POSTGRES_INVALID_URL. */
export function connectionTarget(url: unknown, source: string): ConnectionTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new BatonError(
      PostgresErrorCode.PostgresInvalidUrl,
      `No PostgreSQL connection string: pass ${source} or set DATABASE_URL, e.g. postgres://user:password@127.0.0.1:5432/app.`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BatonError(
      PostgresErrorCode.PostgresInvalidUrl,
      `The PostgreSQL connection string ${redactUrl(url)} (${source}) is not a URL; expected postgres://user:password@host:port/database.`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new BatonError(
      PostgresErrorCode.PostgresInvalidUrl,
      `The PostgreSQL connection string ${redactUrl(url)} (${source}) has the scheme '${parsed.protocol.replace(/:$/, '')}'; expected postgres:// or postgresql://.`,
    );
  }
  const host = decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres';
  return { host, port, database, redacted: redactUrl(url) };
}
