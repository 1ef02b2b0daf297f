/** Round trips to the server, in total and by operation (e.g. `createRun`), since the start or the last reset. */
export interface PostgresStats {
  readonly roundTrips: number;
  /** Times a call found every connection busy for the pool's connect timeout and went on waiting for one. */
  readonly poolWaits: number;
  readonly byOperation: Readonly<Record<string, number>>;
}
