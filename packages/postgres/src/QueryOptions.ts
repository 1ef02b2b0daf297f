/** Options of one `PostgresDatabase.query`. */
export interface QueryOptions {
  /**
   * Runs the statement as a named prepared statement: parsed and planned once per connection, then only its values are
   * sent. For statements of a fixed text that run often (a run's own writes); planned generically after a few runs, so
   * not for statements whose best plan depends on their values. Defaults to false.
   */
  readonly prepare?: boolean;
  /**
   * Runs the statement on a connection kept for heartbeats (one, outside the pool), so that it never waits behind the
   * pool's queue: for lease renewals, which must land within the lease's TTL however busy the pool is. Defaults to false.
   */
  readonly urgent?: boolean;
}
