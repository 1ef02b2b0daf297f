const nextTurnPromise = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** How a promise raced against a signal ended. */
export type Settlement<T> =
  { readonly status: 'fulfilled'; readonly value: T } | { readonly status: 'rejected'; readonly reason: unknown } | { readonly status: 'abandoned' };

/**
 * Waits for `promise` until `signal` aborts, whichever comes first; never rejects. `'abandoned'` means the signal
 * won: the promise is still pending and its later rejection is swallowed, so it cannot become unhandled.
 */
export function settleWithin<T>(promise: Promise<T>, signal: AbortSignal): Promise<Settlement<T>> {
  const settled = promise.then(
    (value): Settlement<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): Settlement<T> => ({ status: 'rejected', reason }),
  );
  // Already aborted (the budget ran out before this call): one event-loop turn lets a call that honours its
  // aborted signal finish, instead of reporting it as still running.
  if (signal.aborted) return Promise.race([settled, nextTurnPromise().then((): Settlement<T> => ({ status: 'abandoned' }))]);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve({ status: 'abandoned' });
    signal.addEventListener('abort', onAbort, { once: true });
    void settled.then((settlement) => {
      signal.removeEventListener('abort', onAbort);
      resolve(settlement);
    });
  });
}
