// adminExpress on a real Express app over loopback, mounted before and after express.json().
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NullLogger, Workflows } from '@baton/core';
import { createHost, type Host } from '@baton/host';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { adminExpress, createAdmin } from '../src/index.js';
import { demoWorkflows, TOKEN } from './fixtures/startDemo.js';

let host: Host | undefined;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server!.close(resolve));
  await host?.stop();
  server = host = undefined;
});

async function start(parserFirst: boolean): Promise<string> {
  host = createHost({ name: 'express-admin', logger: NullLogger });
  for (const workflow of demoWorkflows()) host.addWorkflow(workflow);
  const admin = createAdmin(host, { token: TOKEN });
  await host.start();
  const app = express();
  if (parserFirst) app.use(express.json());
  app.use(adminExpress(admin));
  app.use((_request, response) => void response.status(418).json({ app: true }));
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe(adminExpress, () => {
  for (const parserFirst of [false, true]) {
    it(`should read an action's body ${parserFirst ? 'after' : 'without'} express.json(), and pass other paths on`, async () => {
      const url = await start(parserFirst);
      const answer = await fetch(`${url}/baton/api/workflows/unsafe/trigger`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ input: { note: 'from express' } }),
      });
      expect(answer.status).toBe(202);
      const { run } = (await answer.json()) as { run: { id: string } };
      expect((await host!.provider.get(Workflows).run(run.id))?.inputSummary).toContain('from express');
      expect((await fetch(`${url}/elsewhere`)).status).toBe(418);
    });
  }
});
