/** An answer with a body: JSON, or the dashboard's page. */
export interface AdminBodyResponse {
  readonly kind: 'body';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where a live event stream writes: `write` sends a chunk of `text/event-stream`, `end` closes the response. */
export interface AdminEventSink {
  write(chunk: string): void;
  end(): void;
}

/**
 * A server-sent event stream (`GET <prefix>/api/events`). The handler writes the status and headers, then calls
 * `open` with a sink; it calls the function `open` returns when the client goes away.
 */
export interface AdminEventStreamResponse {
  readonly kind: 'events';
  readonly status: 200;
  readonly headers: Readonly<Record<string, string>>;
  open(sink: AdminEventSink): () => void;
}

/** What the admin core answers: a body, or a live event stream. */
export type AdminResponse = AdminBodyResponse | AdminEventStreamResponse;
