import { BatonError, BatonErrorCode, defineWorkflow, Logger, Workflows } from '@baton/core';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createFakeHost } from '../Internal/fakes/createFakeHost.js';
import { fromPino } from './fromPino.js';

/** A pino logger writing JSON lines to memory, synchronously. */
function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const logger = pino({ level: 'debug' }, stream);
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

describe(fromPino, () => {
  describe('when a workflow step fails and logs its error through the host', () => {
    it("should write the step's fields and its error's stack in real pino output", async () => {
      const { logger, lines } = capture();
      const { host } = createFakeHost({ logger: fromPino(logger), name: 'shop' });
      const charge = defineWorkflow('charge').step('charge-card', ({ log }) => {
        const error = Object.assign(new Error('card declined', { cause: new Error('insufficient funds') }), { code: 'E_DECLINED' });
        log.error('Charging failed', { orderId: 'o-1', error });
        throw error;
      });
      host.addWorkflow(charge);
      await host.start();

      const run = await host.provider.get(Workflows).trigger('charge');
      await host.stop();
      await new Promise((resolve) => setImmediate(resolve));

      expect(run.status).toBe('failed');
      const own = lines().find((line) => line['msg'] === 'Charging failed');
      expect(own).toMatchObject({
        level: 50,
        host: 'shop',
        workflow: 'charge',
        runId: run.id,
        step: 'charge-card',
        orderId: 'o-1',
        error: { name: 'Error', message: 'card declined', code: 'E_DECLINED', cause: { message: 'insufficient funds' } },
      });
      expect((own?.['error'] as { stack: string }).stack).toMatch(/^Error: card declined\n\s+at /);
      // The engine's own line for the failure carries the same context, and the error with its stack.
      const engineLine = lines().find((line) => line['msg'] === 'Step failed');
      expect(engineLine).toMatchObject({ workflow: 'charge', runId: run.id, step: 'charge-card', error: { message: 'card declined', code: 'E_DECLINED' } });
      expect((engineLine?.['error'] as { stack: string }).stack).toMatch(/^Error: card declined\n\s+at /);
    });
  });

  describe('when a raw pino logger is passed as the host logger', () => {
    it('should adapt it, so that the fields reach the output', async () => {
      const { logger, lines } = capture();
      const { host } = createFakeHost({ logger, name: 'raw' });
      await host.start();
      host.provider
        .get(Logger)
        .child({ service: 'Mailer' })
        .warn('slow 100% of the time', { elapsedMs: 12, error: new TypeError('late') });
      await host.stop();

      const line = lines().find((entry) => entry['msg'] === 'slow 100% of the time');
      expect(line).toMatchObject({ level: 40, host: 'raw', service: 'Mailer', elapsedMs: 12, error: { name: 'TypeError', message: 'late' } });
      expect(lines().find((entry) => entry['event'] === 'host:started')).toMatchObject({ host: 'raw', services: 0 });
    });
  });

  describe('when given something that is not a pino logger', () => {
    it('should throw BATON_ERR_HOST_INVALID_LOGGER naming what is missing', () => {
      let thrown: unknown;
      try {
        fromPino({ info() {} } as never);
      } catch (error) {
        thrown = error;
      }

      expect(BatonError.is(thrown, BatonErrorCode.HostInvalidLogger)).toBe(true);
      expect((thrown as Error).message).toContain('without error, warn, debug, child');
    });
  });
});
