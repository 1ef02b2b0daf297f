import { BatonError, BatonErrorCode, NullLogger } from '@baton/core';
import { PassThrough } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createHost } from './createHost.js';
import type { HostOptions } from './HostOptions.js';
import { ManualClock } from './Internal/fakes/ManualClock.js';
import { RecordingLogger } from './Internal/fakes/RecordingLogger.js';
import { resolveHostOptions } from './Internal/resolveHostOptions.js';
import { thrown } from './Internal/fakes/batonErrors.js';

const quiet = { logger: NullLogger } as const;

describe(createHost, () => {
  describe('when every option is valid', () => {
    it('should create a host in the created state with the given name', () => {
      const host = createHost({
        ...quiet,
        name: 'billing',
        shutdownTimeout: '1m30s',
        startupTimeout: 10_000,
        onError: { restart: { maxRestarts: 0, initialDelay: '100ms', maxDelay: '1s', jitter: 1 } },
        logLevel: 'debug',
        clock: new ManualClock(),
      });

      expect([host.name, host.state]).toStrictEqual(['billing', 'created']);
    });

    it("should default the name to 'baton' and accept no options at all", () => {
      expect(createHost(quiet).name).toBe('baton');
      expect(() => createHost()).not.toThrow();
    });
  });

  describe('when an option has the wrong type or range', () => {
    const cases: [string, unknown, string][] = [
      ['shutdownTimeout: -1', { shutdownTimeout: -1 }, 'shutdownTimeout'],
      ["shutdownTimeout: 'abc'", { shutdownTimeout: 'abc' }, 'shutdownTimeout'],
      ['shutdownTimeout: NaN', { shutdownTimeout: Number.NaN }, 'shutdownTimeout'],
      ['shutdownTimeout: true', { shutdownTimeout: true }, 'shutdownTimeout'],
      ['startupTimeout: 0', { startupTimeout: 0 }, 'startupTimeout'],
      ["startupTimeout: '5 parsecs'", { startupTimeout: '5 parsecs' }, 'startupTimeout'],
      ["onError: 'explode'", { onError: 'explode' }, 'onError'],
      ['onError: {}', { onError: {} }, 'onError'],
      ['onError: { restart: true }', { onError: { restart: true } }, 'onError'],
      ['maxRestarts < 0', { onError: { restart: { maxRestarts: -1 } } }, 'onError.restart.maxRestarts'],
      ['maxRestarts fractional', { onError: { restart: { maxRestarts: 1.5 } } }, 'onError.restart.maxRestarts'],
      ['initialDelay invalid', { onError: { restart: { initialDelay: '-1s' } } }, 'onError.restart.initialDelay'],
      ['maxDelay < initialDelay', { onError: { restart: { initialDelay: '2s', maxDelay: '1s' } } }, 'onError.restart.maxDelay'],
      ['jitter > 1', { onError: { restart: { jitter: 2 } } }, 'onError.restart.jitter'],
      ['unknown restart key', { onError: { restart: { retries: 3 } } }, "onError.restart has an unknown key 'retries'"],
      ["logLevel: 'loud'", { logLevel: 'loud' }, 'logLevel'],
      ['logger: {}', { logger: {} }, 'logger'],
      ['clock: Date', { clock: Date }, 'clock'],
      ["name: ''", { name: '' }, 'name'],
      ['name: 42', { name: 42 }, 'name'],
      ['container: {}', { container: {} }, 'container'],
      ['container without get', { container: { isBound: () => false } }, 'container'],
      ['unknown key', { shutdownTimeoutMs: 1000 }, "Unknown host option 'shutdownTimeoutMs'"],
      ['options not an object', 'fast', 'createHost options must be an object'],
    ];

    it.each(cases)('should throw HOST_INVALID_OPTIONS naming the option for %s', (_label, options, named) => {
      const error = thrown(() => createHost(options as HostOptions));

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message.startsWith(named) || error.message.includes(named)).toBe(true);
    });

    it('should keep the duration parse error as the cause', () => {
      const error = thrown(() => createHost({ shutdownTimeout: 'abc' as never }));

      expect(BatonError.is(error.cause, BatonErrorCode.DurationInvalid)).toBe(true);
    });
  });

  describe('when BATON_LOG_LEVEL is set', () => {
    it('should use it for the default logger when logLevel is not given', () => {
      const stdout = new PassThrough();
      const lines: string[] = [];
      stdout.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
      const options = resolveHostOptions({}, { env: { BATON_LOG_LEVEL: 'warn' }, isTTY: false, stdout });

      options.logger.info('dropped');
      options.logger.warn('kept');

      expect(lines.map((line) => JSON.parse(line).message)).toStrictEqual(['kept']);
    });

    it('should let an explicit logLevel win', () => {
      const stdout = new PassThrough();
      const lines: string[] = [];
      stdout.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
      const options = resolveHostOptions({ logLevel: 'debug' }, { env: { BATON_LOG_LEVEL: 'error' }, isTTY: false, stdout });

      options.logger.debug('kept');

      expect(lines).toHaveLength(1);
    });

    it('should throw HOST_INVALID_OPTIONS naming the variable when it is not a level', () => {
      const error = thrown(() => resolveHostOptions({}, { env: { BATON_LOG_LEVEL: 'verbose' }, isTTY: false }));

      expect(error.code).toBe(BatonErrorCode.HostInvalidOptions);
      expect(error.message).toContain('BATON_LOG_LEVEL');
    });
  });

  describe('when the app passes its own logger', () => {
    it("should write the host's lines through an app's winston logger, with errors serialised", () => {
      const stream = new PassThrough({ objectMode: true });
      const entries: Record<string, unknown>[] = [];
      stream.on('data', (entry: Record<string, unknown>) => entries.push(entry));
      const appLogger = winston.createLogger({ level: 'info', transports: [new winston.transports.Stream({ stream })] });
      const options = resolveHostOptions({ logger: appLogger, name: 'app' }, { env: {}, isTTY: false });

      options.logger.child({ service: 'Mailer' }).error('failed', { error: new Error('smtp down') });

      expect(entries[0]).toMatchObject({ level: 'error', message: 'failed', service: 'Mailer', error: { name: 'Error', message: 'smtp down' } });
      expect((entries[0]?.['error'] as { stack: string }).stack).toContain('smtp down');
    });

    it('should filter a core logger only when logLevel is given', () => {
      const recording = new RecordingLogger();
      const filtered = resolveHostOptions({ logger: recording, logLevel: 'warn' }, { env: { BATON_LOG_LEVEL: 'debug' }, isTTY: false });
      filtered.logger.child({ service: 'x' }).info('dropped');
      filtered.logger.child({ service: 'x' }).warn('kept');
      const unfiltered = resolveHostOptions({ logger: recording }, { env: { BATON_LOG_LEVEL: 'error' }, isTTY: false });
      unfiltered.logger.debug('kept too');

      expect(recording.entries.map((entry) => entry.message)).toStrictEqual(['kept', 'kept too']);
    });
  });
});
