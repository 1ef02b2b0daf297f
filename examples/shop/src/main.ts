// Begin-example
import { createShopHost } from './createShopHost.js';
import { readShopOptions } from './readShopOptions.js';

const host = createShopHost(readShopOptions(process.env));

// BATON_EXAMPLE_EXIT_AFTER=<ms>: stop by itself after a while (handy for a smoke run). run() sees the stop and exits.
const exitAfterMs = Number(process.env.BATON_EXAMPLE_EXIT_AFTER ?? '');
if (exitAfterMs > 0) {
  host.on('started', () => setTimeout(() => void host.stop(), exitAfterMs).unref());
}

// run() owns the process: starts the host, stops it gracefully on Ctrl-C (SIGINT) or SIGTERM, then exits
// with 0 after a clean stop and 1 otherwise.
await host.run();
// End-example
