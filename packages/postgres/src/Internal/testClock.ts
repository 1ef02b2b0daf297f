// The test seam for the database's clock. Statements read "now" from PostgresDatabase.nowMs; a test may replace that
// expression for one database object, e.g. with a value it keeps in a table of its own, so that time stands still
// and moves only when the test moves it. Not exported from the package: production code always reads now().

const clocks = new WeakMap<object, string>();

/** Makes `database` read now (epoch ms, bigint) from the SQL expression `sql`. */
export function setTestClockSql(database: object, sql: string): void {
  clocks.set(database, sql);
}

/** The test clock's SQL expression for `database`, if a test set one. */
export function testClockSql(database: object): string | undefined {
  return clocks.get(database);
}
