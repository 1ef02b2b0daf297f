import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Admin } from '../../Api/Admin.js';
import type { AdminRequest } from '../../Api/AdminRequest.js';

/**
 * Answers `request` on `response` with `admin`; `body` is the request stream, or the body a framework has already
 * read. Shared by the node:http, Express and Fastify handlers.
 * @internal
 */
export async function serveNode(admin: Admin, request: IncomingMessage, response: ServerResponse, body: AdminRequest['body']): Promise<boolean> {
  const answer = await admin.handle({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body });
  if (answer === undefined) return false;
  if (answer.kind === 'body') {
    const tooLarge = answer.status === 413;
    response.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(Buffer.byteLength(answer.body)),
      ...(tooLarge ? { connection: 'close' } : {}),
    });
    // A body over the limit was not read to its end: once the answer is out, close the connection rather than read the rest.
    response.end(request.method === 'HEAD' ? undefined : answer.body, () => {
      if (tooLarge) request.destroy();
    });
    return true;
  }
  response.writeHead(answer.status, answer.headers);
  response.flushHeaders();
  const close = answer.open({ write: (chunk) => void response.write(chunk), end: () => response.end() });
  request.once('close', close);
  return true;
}
