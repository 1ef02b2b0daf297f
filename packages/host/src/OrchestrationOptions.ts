/**
 * Which orchestration packages the host loads by name when it starts, and from where; see
 * {@link HostOptions.orchestrations}.
 *
 * @remarks A name is the kebab-case tail of the package name: `inventory-sync` loads `@baton/orchestration-inventory-sync`
 * and calls the `addInventorySyncOrchestration(host, options)` it exports. Only two places are searched: the packages
 * installed where {@link OrchestrationOptions.resolveFrom} resolves them, and {@link OrchestrationOptions.directory}.
 * The `BATON_ORCHESTRATIONS` environment variable (comma-separated names) replaces {@link OrchestrationOptions.load}
 * when it is set, so one deployment can run a subset of the app's orchestrations.
 */
export interface OrchestrationOptions {
  /** The orchestrations to load, in order, e.g. `['tenant-provisioning', 'inventory-sync']`. Defaults to none. */
  readonly load?: readonly string[];
  /**
   * A directory of local orchestration packages, each in a folder named after it (`<directory>/<name>/package.json`).
   * A name found there is loaded from there rather than from the installed packages.
   * @remarks Relative to the working directory. A package (or its entry file) that resolves outside the directory,
   * e.g. through a symbolic link, is refused.
   */
  readonly directory?: string;
  /** The options passed to each package's `add<Name>Orchestration`, by name: `{ 'inventory-sync': { every: '15m' } }`. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Where installed packages are resolved from, as the app's own imports are: a directory, a file path or a
   * `file:` URL (pass `import.meta.url`).
   * @remarks Defaults to the working directory.
   */
  readonly resolveFrom?: string | URL;
}
