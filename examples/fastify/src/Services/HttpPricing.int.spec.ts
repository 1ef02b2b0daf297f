// HttpPricing against a pricing service played by a node:http server on 127.0.0.1: what it sends, and which
// answers become retryable or permanent errors for the orchestration's step policy.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpPricing } from './HttpPricing.js';

describe(HttpPricing, () => {
  let server: Server;
  let baseUrl: string;
  let answer: (body: unknown, response: ServerResponse) => void;
  const received: { method: string | undefined; url: string | undefined; body: unknown }[] = [];

  beforeEach(async () => {
    received.length = 0;
    server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        received.push({ method: request.method, url: request.url, body });
        answer(body, response);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pricing`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const items = [{ sku: 'tape', quantity: 50 }];
  const json = (status: number, body: unknown) => (_body: unknown, response: ServerResponse) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  it('should POST the batch to <base>/quotes and return the priced items', async () => {
    answer = json(200, { items: [{ sku: 'tape', quantity: 50, supplier: 'tapeco', unitPrice: 150 }] });

    const priced = await new HttpPricing(baseUrl).priceBatch(items, new AbortController().signal);

    expect(priced).toStrictEqual([{ sku: 'tape', quantity: 50, supplier: 'tapeco', unitPrice: 150 }]);
    expect(received).toStrictEqual([{ method: 'POST', url: '/pricing/quotes', body: { items } }]);
  });

  it('should fail with a retryable error on a 503', async () => {
    answer = json(503, { error: 'busy' });

    await expect(new HttpPricing(baseUrl).priceBatch(items, new AbortController().signal)).rejects.toMatchObject({
      message: expect.stringContaining('answered 503'),
      retryable: true,
    });
  });

  it('should fail with a permanent error (retryable: false) on a 400 and on a body without items', async () => {
    const pricing = new HttpPricing(baseUrl);
    answer = json(400, { error: 'bad batch' });
    await expect(pricing.priceBatch(items, new AbortController().signal)).rejects.toMatchObject({
      message: expect.stringContaining('answered 400'),
      retryable: false,
    });

    answer = json(200, { prices: [] });
    await expect(pricing.priceBatch(items, new AbortController().signal)).rejects.toMatchObject({
      message: expect.stringContaining('not { items'),
      retryable: false,
    });
  });

  it('should abort the request when the step signal aborts', async () => {
    const controller = new AbortController();
    answer = () => controller.abort(new Error('step timed out')); // never answers: only the signal ends the call

    await expect(new HttpPricing(baseUrl).priceBatch(items, controller.signal)).rejects.toThrow('step timed out');
  });
});
