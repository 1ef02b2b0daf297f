/** Whether the server answers, as the `postgres:connection` health check reports it. */
export interface PostgresConnectionState {
  readonly reachable: boolean;
  /** While unreachable: since when (epoch ms, the app's clock). */
  readonly unreachableSince?: number;
  /** While unreachable: the last connection error's message. */
  readonly lastError?: string;
}
