// Nest's decorators read and write metadata through reflect-metadata: load it before any decorated class.
import 'reflect-metadata';
import { Logger } from '@baton/core';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './AppModule.js';
import { BatonHost } from './Baton/BatonHost.js';
import { readServerSettings } from './readServerSettings.js';

const { port, hostname } = readServerSettings(process.env);

const app = await NestFactory.create(AppModule, { abortOnError: false });
// On SIGTERM or SIGINT, Nest closes the HTTP server, then calls onApplicationShutdown (BatonHost stops the host),
// then exits: 0 after a clean stop, 1 when a shutdown hook threw.
app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });

// listen() initialises the app first: onApplicationBootstrap starts the Baton host before the server accepts.
await app.listen(port, hostname);
const url = await app.getUrl();
app.get(BatonHost).provider.get(Logger).info(`NestJS API listening on ${url}`, { url });
