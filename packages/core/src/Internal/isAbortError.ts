/** Whether `error` is an abort (an `AbortError`, a `TimeoutError`, or the reason of an aborted signal). */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted && error === signal.reason) return true;
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
