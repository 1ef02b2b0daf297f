import type { IncomingMessage, ServerResponse } from 'node:http';
import { token } from '@baton/core';

/**
 * The operator's routes beside the shop's own: the probes and metrics (`/health/live`, `/health/ready`, `/metrics`)
 * and the admin API and dashboard under `/baton`. `createShopHost` binds it to `@baton/admin`.
 */
export interface OperatorRoutes {
  /** Answers `request` when it is an operator route and resolves `true`; otherwise `false` (the shop answers). */
  serve(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

/** DI token for {@link OperatorRoutes}. */
export const OperatorRoutes = token<OperatorRoutes>('@baton/example-shop/OperatorRoutes');
