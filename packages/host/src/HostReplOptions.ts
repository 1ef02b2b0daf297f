/** Options of {@link Host.repl}. */
export interface HostReplOptions {
  /** Where commands are read from. Defaults to `process.stdin`. */
  readonly input?: NodeJS.ReadableStream;
  /** Where the REPL writes. Defaults to `process.stdout`. */
  readonly output?: NodeJS.WritableStream;
  /** Defaults to `'<host name>> '`. */
  readonly prompt?: string;
  /**
   * Whether the streams are a terminal (line editing, tab completion on Tab).
   * @remarks Defaults to `output.isTTY`.
   */
  readonly terminal?: boolean;
}
