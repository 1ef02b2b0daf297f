// The pool's LISTEN/NOTIFY channel (for the cancel channel), through a server restart of this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error scripts/postgres.mjs is plain JavaScript without declarations.
import { startPostgres } from '../../../scripts/postgres.mjs';
import { PostgresDatabase, PostgresErrorCode } from '../src/index.js';
import { until } from './until.js';

let server: { url: string; stop(): Promise<void>; restart(): Promise<void> };

beforeAll(async () => {
  server = (await startPostgres()) as typeof server;
});

afterAll(async () => {
  await server.stop();
});

describe(PostgresDatabase, () => {
  it('should deliver notifications to a listener, keep listening across a server restart, and stop on close', async () => {
    const db = new PostgresDatabase({ url: server.url });
    const received: string[] = [];
    let reconnects = 0;
    await db.listen('baton_cancel', (payload) => void received.push(payload), { onReconnect: () => void reconnects++ });
    await db.notify('baton_cancel', 'run-1');
    await until(() => received.length === 1, 'the first notification');

    await server.restart();
    await until(() => reconnects === 1, 'the listener to reconnect');
    await db.notify('baton_cancel', 'run-2');
    await until(() => received.length === 2, 'the notification after the restart');
    expect(received).toStrictEqual(['run-1', 'run-2']);
    await db.close();
    await expect(db.listen('Bad-Channel', () => undefined)).rejects.toMatchObject({ code: PostgresErrorCode.PostgresInvalidOptions });
  });
});
