/**
 * What the health and metrics handlers read of an HTTP request. A `node:http` `IncomingMessage`, an Express or a
 * Fastify request has these fields already; every field is optional.
 */
export interface ObservabilityRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Aborts when the client goes away: the health checks still running are abandoned (reported `fail`). */
  readonly signal?: AbortSignal;
}
