import type { ServiceProvider, ServiceScope } from '@baton/core';
import type { RequestHandler } from 'express';

declare global {
  // Express's own extension point for `res.locals`: every handler sees `res.locals.scope` typed.
  namespace Express {
    interface Locals {
      /** This request's DI scope, created by {@link requestScope} and disposed when the response is done. */
      scope: ServiceScope;
    }
  }
}

/**
 * Express middleware: a fresh Baton DI scope per request, in `res.locals.scope`, disposed once the response has
 * been sent or the connection dropped (`close` fires in both cases), so scoped services live exactly one request.
 *
 * @remarks When the client goes away before the handler has finished, the scope is disposed then: the handler keeps
 * the instances it already resolved, but resolving from the scope again throws `BATON_ERR_DI_SCOPE_DISPOSED`.
 */
export function requestScope(provider: ServiceProvider, onDisposeError: (error: unknown) => void): RequestHandler {
  return (_request, response, next) => {
    const scope = provider.createScope();
    response.locals.scope = scope;
    response.once('close', () => scope.dispose().catch(onDisposeError));
    next();
  };
}
