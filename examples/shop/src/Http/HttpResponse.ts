/** What a route returns: a status code and a JSON body. */
export interface HttpResponse {
  readonly status: number;
  readonly body: unknown;
}
