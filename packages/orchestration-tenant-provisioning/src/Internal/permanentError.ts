/** An error the step retry policy does not retry (`retryable: false`), e.g. bad input. */
export function permanentError(message: string): Error & { readonly retryable: false } {
  return Object.assign(new Error(message), { retryable: false as const });
}
