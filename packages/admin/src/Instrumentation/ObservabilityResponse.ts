/** What a handler answers: write `status`, `headers` and `body` to the response as they are. */
export interface ObservabilityResponse {
  /** 200, or 503 when a probe fails. */
  readonly status: number;
  /** `content-type` (e.g. `application/health+json`) and `cache-control: no-store`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, already serialized. */
  readonly body: string;
}
