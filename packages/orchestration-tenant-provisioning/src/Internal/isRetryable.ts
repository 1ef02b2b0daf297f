/** Whether a service error is worth another attempt: anything but an error marked `retryable: false`. */
export function isRetryable(error: Error): boolean {
  return (error as { retryable?: unknown }).retryable !== false;
}
