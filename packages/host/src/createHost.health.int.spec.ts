// The README's `GET /health` on a real node:http server in front of a real host: a workflow declared
// `requires: 'lazy'` shows in health while its binding is missing, and the probe answers 503 once the host stops.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineWorkflow, every, token, Workflows } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost } from './createHost.js';
import type { Host } from './Host.js';
import { ManualClock } from './Internal/fakes/ManualClock.js';
import { RecordingLogger } from './Internal/fakes/RecordingLogger.js';

interface Mailer {
  send(text: string): string;
}
const Mailer = token<Mailer>('test/Mailer');

/** The probe from the README: 200 for healthy and degraded, 503 for unhealthy, the report as JSON. */
function healthServer(host: Host): Server {
  return createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/health') {
      response.writeHead(404).end();
      return;
    }
    void host.health().then((report) => {
      response.writeHead(report.status === 'unhealthy' ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    });
  });
}

describe('host.health() behind GET /health', () => {
  let host: Host;
  let clock: ManualClock;
  let server: Server;
  let baseUrl: string;

  async function probe(): Promise<{ status: number; body: { status: string; entries: Record<string, { status: string; data?: unknown }> } }> {
    const response = await fetch(`${baseUrl}/health`);
    return { status: response.status, body: (await response.json()) as never };
  }

  beforeEach(async () => {
    clock = new ManualClock();
    host = createHost({ clock, logger: new RecordingLogger() });
    host.addWorkflow(
      defineWorkflow('lazy-mail')
        .schedule(every('1m'))
        .options({ requires: 'lazy' })
        .uses(Mailer)
        .step('send', ({ get }) => get(Mailer).send('hello')),
    );
    host.addHealthCheck('mailer-config', () => ({ status: 'healthy', data: { from: 'shop@example.com' } }), { tags: ['ready'] });
    server = healthServer(host);
    await new Promise<void>((resolve) => server.listen(0, resolve));
    baseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (host.state !== 'created') await host.stop();
  });

  describe('when a lazy workflow waits for its binding', () => {
    it('should answer 200 degraded naming the token, then healthy once it is bound late', async () => {
      await host.start();

      const waiting = await probe();

      expect(waiting.status).toBe(200);
      expect(waiting.body.status).toBe('degraded');
      expect(waiting.body.entries['workflows']).toMatchObject({ status: 'degraded', data: { waiting: { 'lazy-mail': ['test/Mailer'] } } });
      expect(waiting.body.entries['mailer-config']?.status).toBe('healthy');

      host.provider.get(Workflows).bindLate(Mailer, { useValue: { send: (text) => `sent ${text}` } });
      await clock.advanceBy(0);
      const bound = await probe();

      expect(bound.status).toBe(200);
      expect(bound.body.status).toBe('healthy');
      expect(bound.body.entries['workflows']).toMatchObject({ status: 'healthy', data: { workflows: { 'lazy-mail': { state: 'scheduled' } } } });
    });
  });

  describe('when the host is not running', () => {
    it('should answer 503 before start and after stop', async () => {
      expect((await probe()).status).toBe(503);

      await host.start();
      expect((await probe()).status).toBe(200);

      await host.stop();
      const stopped = await probe();
      expect(stopped.status).toBe(503);
      expect(stopped.body.entries['host']).toMatchObject({ status: 'unhealthy', data: { state: 'stopped' } });
    });
  });
});
