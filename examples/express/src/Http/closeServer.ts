import type { Server } from 'node:http';

/**
 * Stops `server` accepting connections, closes its idle keep-alive connections and resolves once the requests in
 * flight have finished; after `graceMs` it cuts the connections still open.
 */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs).unref();
    server.close((error) => {
      clearTimeout(cut);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
