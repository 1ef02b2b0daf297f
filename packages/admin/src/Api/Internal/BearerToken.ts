import { createHash, timingSafeEqual } from 'node:crypto';
import type { AdminRequest } from '../AdminRequest.js';

/**
 * The configured bearer token, kept only as its SHA-256 digest: comparing two digests of equal length with
 * `timingSafeEqual` takes the same time whatever the presented token is, and the token itself is never stored here
 * (so it cannot reach a log line, the audit log or the page).
 */
export class BearerToken {
  readonly #digest: Buffer;

  constructor(token: string) {
    this.#digest = digest(token);
  }

  /** Whether `request` carries `Authorization: Bearer <the token>`. */
  accepts(request: AdminRequest): boolean {
    const header = request.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    if (typeof value !== 'string') return false;
    const match = /^Bearer\s+(.+)$/i.exec(value.trim());
    if (match === null) return false;
    return timingSafeEqual(digest(match[1]!), this.#digest);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
