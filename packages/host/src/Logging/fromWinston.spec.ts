import { BatonError, BatonErrorCode, Logger } from '@baton/core';
import { PassThrough } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from '../Internal/fakes/createFakeHost.js';
import { WinstonLogger } from '../Internal/WinstonLogger.js';
import { fromWinston } from './fromWinston.js';

function jsonLines(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe(fromWinston, () => {
  describe("when an app's winston logger writes an entry with errors nested in its fields", () => {
    it('should write each error with its message and stack, not {}', async () => {
      const { stream, lines } = jsonLines();
      const appLogger = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
      const { host } = createFakeHost({ logger: fromWinston(appLogger), name: 'shop' });
      await host.start();
      const failure = new AggregateError([new Error('replica a down')], 'every replica failed');
      host.provider.get(Logger).error('Sync failed', { details: { error: new Error('inner') }, attempts: [{ error: failure }] });
      await host.stop();

      const line = lines().find((entry) => entry['message'] === 'Sync failed');
      expect(line).toMatchObject({
        host: 'shop',
        details: { error: { name: 'Error', message: 'inner', stack: expect.stringContaining('Error: inner\n') } },
        attempts: [{ error: { name: 'AggregateError', message: 'every replica failed', errors: [{ message: 'replica a down' }] } }],
      });
    });
  });

  describe('when the default winston logger writes an Error given as the fields, or nested', () => {
    it('should show its message and stack', () => {
      const { stream, lines } = jsonLines();
      const logger = WinstonLogger.createDefault({ level: 'info', pretty: false, stream });

      logger.error('Failed', new Error('given as fields') as never);
      logger.error('Nested', { context: { error: new Error('deep') } });

      expect(lines()[0]).toMatchObject({ message: 'Failed', error: { message: 'given as fields', stack: expect.stringContaining('given as fields') } });
      expect(lines()[1]).toMatchObject({ message: 'Nested', context: { error: { message: 'deep', stack: expect.stringContaining('Error: deep') } } });
    });
  });

  describe('when given something that is not a winston logger', () => {
    it('should throw BATON_ERR_HOST_INVALID_LOGGER', () => {
      let thrown: unknown;
      try {
        fromWinston({ info() {} } as never);
      } catch (error) {
        thrown = error;
      }

      expect(BatonError.is(thrown, BatonErrorCode.HostInvalidLogger)).toBe(true);
    });
  });
});
