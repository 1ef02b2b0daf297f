// The only file that knows Express (types only: the middleware works on Node's request and response).
import type { RequestHandler } from 'express';
import type { Admin } from '../Api/Admin.js';
import { serveNode } from './Internal/serveNode.js';

/**
 * Express middleware for `admin`: answers the paths under its prefix and calls `next()` for the others. Mount it
 * before any body parser (`express.json()`): the admin reads its own bodies, within its size limit (after one, it
 * reads the parsed body instead, and the parser's own limit and errors apply first).
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(adminExpress(createAdmin(host, { token })));
 * app.use(express.json());
 * ```
 */
export function adminExpress(admin: Admin): RequestHandler {
  return (request, response, next) => {
    // Mounted after a body parser after all: the stream is spent, so the admin reads the parsed body (re-encoded).
    const parsed = request.readableEnded && request.body !== undefined;
    serveNode(admin, request, response, parsed ? (typeof request.body === 'string' ? request.body : JSON.stringify(request.body)) : request).then(
      (answered) => {
        if (!answered) next();
      },
      (error: unknown) => next(error),
    );
  };
}
