import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type HostedService, Logger, ScopeFactory } from '@baton/core';
import { OperatorRoutes } from '../Interfaces/OperatorRoutes.js';
import { ShopOptions } from '../Interfaces/ShopOptions.js';
import { listen } from './listen.js';
import { readJsonBody } from './readJsonBody.js';
import { routeRequest } from './routeRequest.js';

/**
 * The shop's HTTP API as a hosted service: listens in `start`, stops accepting and drains in `stop`.
 *
 * @remarks Each request gets its own DI scope from {@link ScopeFactory}, disposed when the response is sent, so
 * scoped services (CheckoutService) live exactly one request. Registered last, so it starts last (the
 * background services are already running when traffic arrives) and stops first (no new orders while the
 * dispatcher winds down).
 */
export class HttpServerService implements HostedService {
  static readonly inject = [ScopeFactory, ShopOptions, Logger, OperatorRoutes] as const;

  readonly #log: Logger;
  #server: Server | undefined;

  constructor(
    private readonly scopes: ScopeFactory,
    private readonly options: ShopOptions,
    log: Logger,
    private readonly operatorRoutes: OperatorRoutes,
  ) {
    this.#log = log.child({ service: 'HttpServerService' });
  }

  async start(signal: AbortSignal): Promise<void> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => this.#log.error('Request scope failed to dispose', { error }));
    });
    this.#server = server;
    let port: number;
    try {
      port = await listen(server, this.options.port, signal);
    } catch (error) {
      // Only the default port falls back; a PORT the user chose must be honoured or fail.
      if (this.options.portExplicit || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      port = await listen(server, 0, signal);
      this.#log.warn(`Port ${this.options.port} is in use; using free port ${port} instead`, { port });
    }
    this.#log.info(`Shop API listening on http://localhost:${port}`, { port });
    this.#log.info(`Dashboard: http://localhost:${port}/baton (probes: /health/live, /health/ready; metrics: /metrics)`, {
      dashboard: `http://localhost:${port}/baton`,
      adminActions: this.options.adminToken === undefined ? 'disabled: set BATON_ADMIN_TOKEN' : 'enabled',
    });
  }

  async stop(signal: AbortSignal): Promise<void> {
    const server = this.#server;
    // Stop called without a successful start.
    if (server === undefined || !server.listening) return;
    this.#log.info('Closing the HTTP server; in-flight requests may finish');
    const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    server.closeIdleConnections();
    // When the shutdown budget runs out, cut whatever is still open.
    const cut = (): void => server.closeAllConnections();
    signal.addEventListener('abort', cut, { once: true });
    try {
      await closed;
    } finally {
      signal.removeEventListener('abort', cut);
    }
    this.#log.info('HTTP server closed');
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The operator's routes read their own bodies, so they go first.
    if (await this.operatorRoutes.serve(request, response)) return;
    const scope = this.scopes.createScope();
    try {
      const body = request.method === 'POST' ? await readJsonBody(request) : undefined;
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const result = await routeRequest(scope, request.method ?? 'GET', path, body);
      send(response, result.status, result.body);
    } catch (error) {
      if (error instanceof SyntaxError) {
        send(response, 400, { error: `Bad JSON body: ${error.message}` });
      } else {
        this.#log.error('Request failed', { method: request.method, url: request.url, error });
        send(response, 500, { error: 'Internal server error.' });
      }
    } finally {
      // Disposes this request's scoped services (CheckoutService), in reverse order of creation.
      await scope.dispose();
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(`${JSON.stringify(body)}\n`);
}
