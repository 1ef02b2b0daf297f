// PostgreSQL goes away and comes back (scripts/postgres.mjs's restart on a server of this file's own): the host logs
// the outage once, reports postgres:connection degraded meanwhile, retries with backoff, and the run in flight carries
// on once the server is back. No unhandled rejection on the way.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Workflows, addWorkflow, defineWorkflow } from '@baton/core';
import { createHost, type HealthReportEntry } from '@baton/host';
import { RecordingLogger } from '@baton/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error scripts/postgres.mjs is plain JavaScript without declarations.
import { postgresBinDir, startPostgres } from '../../../scripts/postgres.mjs';
import { addPostgres } from '../src/index.js';
import { until } from './until.js';

interface Server {
  readonly url: string;
  readonly dir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

let server: Server;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  server = (await startPostgres()) as Server;
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.stop();
});

/** Stops the server and leaves it down (restart() brings it back on the same port, with its data). */
function takeServerDown(): void {
  const pgCtl = join(postgresBinDir() as string, 'pg_ctl');
  const args = ['-D', join(server.dir, 'data'), '-m', 'fast', '-w', 'stop'];
  const isRoot = process.getuid?.() === 0;
  const result = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args]) : spawnSync(pgCtl, args);
  expect(result.status, String(result.stderr)).toBe(0);
}

describe('when PostgreSQL goes away and comes back', () => {
  it('should log the outage once, report degraded meanwhile, and carry the run in flight on once the server is back', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let began: () => void = () => undefined;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const job = defineWorkflow('job')
      .step('wait', async () => {
        began();
        await gate;
        return 'waited';
      })
      .step('finish', ({ input }) => `${input}, finished`);
    const logger = new RecordingLogger();
    const host = createHost({ logger });
    addPostgres(host, { url: server.url, schema: 'loss', retryTimeout: '30s' });
    addWorkflow(host, job);
    await host.start();
    try {
      const workflows = host.provider.get(Workflows);
      const run = workflows.trigger('job');
      await until(async () => (await host.health()).entries['postgres:connection']?.status === 'healthy', 'a healthy connection');

      // The run is claimed and its first step running (the claim is written at the end of the trigger's turn).
      await begun;
      takeServerDown();
      release(); // the first step ends while the server is down: its write retries with backoff
      let degraded: HealthReportEntry | undefined;
      await until(
        async () => (degraded = (await host.health()).entries['postgres:connection'])?.status === 'degraded',
        'postgres:connection to report degraded',
      );
      expect(degraded?.data).toMatchObject({ reachable: false, unreachableSince: expect.any(Number) });
      // Readiness answers promptly while the store retries: the workflows entry waits at most a second for it.
      const during = await host.health({ tags: ['ready'] });
      expect(during.durationMs).toBeLessThan(2_000);
      expect(during.status).toBe('degraded');
      expect(during.entries['workflows']).toMatchObject({ status: 'degraded', data: { storeReachable: false } });

      await server.restart();
      const record = await run;
      expect(record.status).toBe('succeeded');
      expect(record.steps.map((step) => step.output)).toStrictEqual([JSON.stringify('waited'), JSON.stringify('waited, finished')]);
      await until(async () => (await host.health()).entries['postgres:connection']?.status === 'healthy', 'a healthy connection again');
      expect((await workflows.trigger('job')).status).toBe('succeeded');
    } finally {
      await host.stop();
    }
    const outage = logger.entries.filter((entry) => entry.message.includes('is unreachable'));
    const back = logger.entries.filter((entry) => entry.message.includes('is reachable again'));
    expect(
      outage.map((entry) => entry.level),
      'the outage is logged once, not per query',
    ).toStrictEqual(['warn']);
    expect(back).toHaveLength(1);
    expect(unhandled).toStrictEqual([]);
  });
});
