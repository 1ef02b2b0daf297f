/**
 * An HTTP request as the framework-free admin core reads it. The handlers for `node:http`, Express and Fastify build
 * one from their own request; a test or another framework can build one by hand.
 */
export interface AdminRequest {
  /** `GET`, `POST`, ... (any case). */
  readonly method: string;
  /** The path and query as the client sent them, prefix included, e.g. `/baton/api/runs?status=failed`. */
  readonly url: string;
  /** Header names in lower case, as `node:http` gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * The body: a stream of chunks (a `node:http` `IncomingMessage` is one), or the whole text. It is read only for
   * actions, and only up to {@link AdminOptions.bodyLimit}.
   */
  readonly body?: AsyncIterable<Uint8Array | string> | string | Uint8Array;
}
