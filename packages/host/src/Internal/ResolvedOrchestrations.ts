/** `HostOptions.orchestrations` after validation, with `BATON_ORCHESTRATIONS` applied. */
export interface ResolvedOrchestrations {
  /** Checked kebab-case names, without duplicates, in load order. */
  readonly names: readonly string[];
  /** Where the names came from, for messages: `'BATON_ORCHESTRATIONS'` or `'orchestrations.load'`. */
  readonly source: string;
  /** Absolute path, or `undefined` when no directory is configured. */
  readonly directory: string | undefined;
  readonly options: Readonly<Record<string, unknown>>;
  /** A file path inside the directory installed packages are resolved from (for `createRequire`). */
  readonly resolveFrom: string;
}
