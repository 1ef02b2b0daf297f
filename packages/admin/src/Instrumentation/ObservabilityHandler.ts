import type { ObservabilityRequest } from './ObservabilityRequest.js';
import type { ObservabilityResponse } from './ObservabilityResponse.js';

/**
 * A framework-free request handler: from a request (or nothing) to `{ status, headers, body }`. It never rejects;
 * mount it on any server.
 *
 * @example
 * ```ts
 * createServer(async (request, response) => {
 *   const { status, headers, body } = await observability.readiness(request);
 *   response.writeHead(status, headers).end(body);
 * });
 * ```
 */
export type ObservabilityHandler = (request?: ObservabilityRequest) => Promise<ObservabilityResponse>;
