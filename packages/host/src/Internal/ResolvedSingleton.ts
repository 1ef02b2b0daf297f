/** A validated `singleton` option of `addHostedService`. */
export interface ResolvedSingleton {
  /** The lease key; `undefined` for the default, `service:<name>` (known once the service is named). */
  readonly key: string | undefined;
  readonly ttlMs: number;
}
