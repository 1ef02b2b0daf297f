// How @baton/postgres tells the errors of `pg` apart: a lost connection (retried), a busy pool (waited for), the rest.

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);

export function isConnectionError(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(message);
}

/** pg-pool's error for a call that waited in its queue for the connect timeout while every connection was busy. */
export function isPoolBusy(error: unknown): boolean {
  return (error as { message?: unknown }).message === 'timeout exceeded when trying to connect';
}

export function isTimeout(error: unknown): boolean {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /timeout/i.test(message);
}

export function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
