// The only file that knows Express (types only: the middleware works on Node's request and response).
import type { RequestHandler } from 'express';
import type { Admin } from '../Api/Admin.js';
import { adminNodeHandler } from './adminNodeHandler.js';

/**
 * Express middleware for `admin`: answers the paths under its prefix and calls `next()` for the others. Mount it
 * before any body parser (`express.json()`): the admin reads its own bodies, within its size limit.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(adminExpress(createAdmin(host, { token })));
 * app.use(express.json());
 * ```
 */
export function adminExpress(admin: Admin): RequestHandler {
  const handle = adminNodeHandler(admin);
  return (request, response, next) => {
    handle(request, response).then(
      (answered) => {
        if (!answered) next();
      },
      (error: unknown) => next(error),
    );
  };
}
