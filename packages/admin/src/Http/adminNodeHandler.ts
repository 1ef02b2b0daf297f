import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Admin } from '../Api/Admin.js';

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
  return async (request, response) => {
    const answer = await admin.handle({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: request });
    if (answer === undefined) return false;
    if (answer.kind === 'body') {
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
      response.end(request.method === 'HEAD' ? undefined : answer.body);
      // A body over the limit was not read to its end: close the connection rather than read the rest.
      if (answer.status === 413) request.destroy();
      return true;
    }
    response.writeHead(answer.status, answer.headers);
    response.flushHeaders();
    const close = answer.open({ write: (chunk) => void response.write(chunk), end: () => response.end() });
    request.once('close', close);
    return true;
  };
}
