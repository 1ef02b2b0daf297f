// The only file that knows Fastify (types only).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Admin } from '../Api/Admin.js';
import { adminNodeHandler } from './adminNodeHandler.js';

/**
 * A Fastify plugin for `admin`: routes every method under its prefix to the admin core, which reads the raw body
 * itself (within its size limit) and writes the raw response (`reply.hijack()`). Register it with `app.register`;
 * the plugin is not encapsulated away from the prefix, so it does not need `fastify-plugin`.
 *
 * @example
 * ```ts
 * const app = Fastify();
 * await app.register(adminFastify(createAdmin(host, { token })));
 * ```
 */
export function adminFastify(admin: Admin): FastifyPluginAsync {
  const handle = adminNodeHandler(admin);
  return async (app: FastifyInstance) => {
    // The admin reads bodies itself: take every content type as the untouched stream.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    const url = admin.prefix === '' ? '/*' : [admin.prefix, `${admin.prefix}/*`];
    for (const path of Array.isArray(url) ? url : [url]) {
      app.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        url: path,
        handler: async (request, reply) => {
          reply.hijack();
          const answered = await handle(request.raw, reply.raw);
          if (!answered) reply.raw.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found."}\n');
        },
      });
    }
  };
}
