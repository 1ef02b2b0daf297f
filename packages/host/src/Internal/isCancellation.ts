/** Whether `error` is a cancellation (an `AbortError` or `TimeoutError`) rather than a fault. */
export function isCancellation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' || (error as { name?: unknown }).name === 'TimeoutError')
  );
}
