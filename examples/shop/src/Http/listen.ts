import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` listening on `port` and resolves with the port it got (useful for `0`).
 * Rejects with the listen error (e.g. `EADDRINUSE`), or with `signal.reason` if startup is cancelled first.
 */
export function listen(server: Server, port: number, signal: AbortSignal): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const settle = (): void => {
      server.off('listening', onListening);
      server.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onListening = (): void => {
      settle();
      resolve((server.address() as AddressInfo).port);
    };
    const onError = (error: Error): void => {
      settle();
      reject(error);
    };
    const onAbort = (): void => {
      settle();
      server.close();
      reject(signal.reason);
    };
    if (signal.aborted) return reject(signal.reason);
    server.once('listening', onListening);
    server.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    server.listen(port);
  });
}
