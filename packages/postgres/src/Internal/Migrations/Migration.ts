/** One versioned step of the schema: SQL with `{{schema}}` where the quoted schema name goes. */
export interface Migration {
  /** From 1, one more than the migration before it. */
  readonly version: number;
  /** A short name, recorded with the version. */
  readonly name: string;
  readonly sql: string;
}
