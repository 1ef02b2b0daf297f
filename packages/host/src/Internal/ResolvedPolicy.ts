/** An `ExceptionPolicy` after validation, with the restart defaults filled in and durations in milliseconds. */
export type ResolvedPolicy =
  | { readonly kind: 'stop-host' }
  | { readonly kind: 'ignore' }
  | {
      readonly kind: 'restart';
      readonly maxRestarts: number;
      readonly initialDelayMs: number;
      readonly maxDelayMs: number;
      readonly jitter: number;
    };
