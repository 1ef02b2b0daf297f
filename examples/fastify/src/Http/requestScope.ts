import type { ServiceProvider, ServiceScope } from '@baton/core';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's DI scope, created by {@link requestScope} and disposed when the response is done. */
    scope: ServiceScope;
  }
}

/**
 * Gives every request of `app` a fresh Baton DI scope, in `request.scope`, disposed once the response has been sent
 * or the connection dropped (the raw response's `close` fires in both cases), so scoped services live exactly one
 * request.
 *
 * @remarks When the client goes away before the handler has finished, the scope is disposed then: the handler keeps
 * the instances it already resolved, but resolving from the scope again throws `BATON_ERR_DI_SCOPE_DISPOSED`.
 */
export function requestScope(app: FastifyInstance, provider: ServiceProvider, onDisposeError: (error: unknown) => void): void {
  app.decorateRequest('scope', null as unknown as ServiceScope);
  app.addHook('onRequest', async (request, reply) => {
    const scope = provider.createScope();
    request.scope = scope;
    reply.raw.once('close', () => scope.dispose().catch(onDisposeError));
  });
}
