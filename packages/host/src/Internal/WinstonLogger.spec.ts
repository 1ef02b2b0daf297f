import { PassThrough } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { WinstonLogger } from './WinstonLogger.js';

function capture(): { stream: PassThrough; lines: string[] } {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) =>
    lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line !== ''),
    ),
  );
  return { stream, lines };
}

describe(WinstonLogger, () => {
  describe('when the default logger writes outside a TTY', () => {
    it('should write one JSON object per entry, with timestamp, level, child fields and a serialised error', () => {
      const { stream, lines } = capture();
      const logger = WinstonLogger.createDefault({ level: 'info', pretty: false, stream });
      const error = Object.assign(new Error('smtp down', { cause: new Error('ECONNREFUSED') }), { code: 'E_SMTP' });

      logger.child({ host: 'h' }).child({ service: 'Mailer' }).error('Hosted service faulted', { event: 'host:service:faulted', error });
      logger.debug('not at info');

      expect(lines).toHaveLength(1);
      const entry = JSON.parse(lines[0]!);
      expect(entry).toMatchObject({
        level: 'error',
        message: 'Hosted service faulted',
        host: 'h',
        service: 'Mailer',
        event: 'host:service:faulted',
        error: { name: 'Error', message: 'smtp down', code: 'E_SMTP', cause: { message: 'ECONNREFUSED' } },
      });
      expect(entry.error.stack).toContain('smtp down');
      expect(Number.isNaN(Date.parse(entry.timestamp))).toBe(false);
    });
  });

  describe('when the default logger writes to a TTY', () => {
    it('should write a readable line with the service and the stack indented below', () => {
      const { stream, lines } = capture();
      const logger = WinstonLogger.createDefault({ level: 'debug', pretty: true, stream });

      logger.child({ service: 'Mailer' }).warn('slow', { elapsedMs: 12, error: new Error('late') });

      expect(lines[0]).toMatch(/warn.* \[Mailer\] slow \{"elapsedMs":12\}$/);
      expect(lines[1]).toMatch(/^ {4}Error: late$/);
    });
  });

  describe('when asked whether a value is a winston logger', () => {
    it('should recognise winston loggers and not core loggers', () => {
      const core = { error() {}, warn() {}, info() {}, debug() {}, child: () => core };

      expect(WinstonLogger.isWinstonLogger(winston.createLogger())).toBe(true);
      expect(WinstonLogger.isWinstonLogger(core)).toBe(false);
      expect(WinstonLogger.isWinstonLogger(null)).toBe(false);
    });
  });
});
