// Nest's decorators read and write metadata through reflect-metadata: load it before any decorated class.
import 'reflect-metadata';
import { Logger } from '@baton/core';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './AppModule.js';
import { BatonHost } from './Baton/BatonHost.js';
import { readServerSettings } from './readServerSettings.js';

const { port, hostname } = readServerSettings(process.env);

const app = await NestFactory.create(AppModule, { abortOnError: false });

// listen() initialises the app first: onApplicationBootstrap starts the Baton host before the server accepts.
await app.listen(port, hostname);
const url = await app.getUrl();
const baton = app.get(BatonHost);
const log = baton.provider.get(Logger);
log.info(`NestJS API listening on ${url}`, { url });

// A graceful stop: app.close() closes the HTTP server, then calls onApplicationShutdown, where BatonHost stops the
// host. The process then exits by itself: 0 after a clean stop, 1 otherwise. (Nest's enableShutdownHooks() would
// run the same close, then re-raise the signal or exit 0 whatever the outcome.) A second SIGTERM, once this
// listener is gone, ends the process at once.
let stopping: Promise<void> | undefined;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping !== undefined) return;
  log.info(`${signal} received: closing the server, then the host`);
  stopping = app
    .close()
    .then(() => {
      process.exitCode = baton.stopResult?.ok === true ? 0 : 1;
    })
    .catch((error: unknown) => {
      log.error('The graceful stop failed', { error });
      process.exitCode = 1;
    });
};
process.once('SIGTERM', stop).once('SIGINT', stop);
