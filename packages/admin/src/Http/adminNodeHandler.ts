import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Admin } from '../Api/Admin.js';
import { serveNode } from './Internal/serveNode.js';

/**
 * A `node:http` handler for `admin`: `(request, response) => Promise<boolean>`, `true` when it answered, `false`
 * when the path is not under the admin's prefix (the app answers it). Use it as the whole server, or first in the
 * app's own handler.
 *
 * @example
 * ```ts
 * const serveAdmin = adminNodeHandler(admin);
 * createServer(async (request, response) => {
 *   if (await serveAdmin(request, response)) return;
 *   response.writeHead(404).end();
 * });
 * ```
 */
export function adminNodeHandler(admin: Admin): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  return (request, response) => serveNode(admin, request, response, request);
}
