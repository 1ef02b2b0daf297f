import { BatonError, NullLogger, RunStore, Workflows, addWorkflow, defineWorkflow } from '@baton/core';
import { createHost } from '@baton/host';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase, PostgresDatabaseToken, PostgresErrorCode, PostgresRunStore, addPostgres } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The BatonError behind a failed host start (the host wraps a service's error as its cause). */
function rootCause(error: unknown): BatonError {
  let current = error as { cause?: unknown };
  while (current.cause instanceof BatonError) current = current.cause as { cause?: unknown };
  return current as BatonError;
}

const greet = defineWorkflow<string>('greet').step('hello', ({ input }) => `hello ${input}`);

describe(addPostgres, () => {
  describe('when its options are wrong', () => {
    it('should refuse an unknown option at registration', () => {
      const host = createHost({ logger: NullLogger });
      expect(() => addPostgres(host, { url: database.url, pool: 3 } as never)).toThrow(
        expect.objectContaining({ code: PostgresErrorCode.PostgresInvalidOptions, message: expect.stringContaining("unknown option 'pool'") }),
      );
    });

    it('should refuse a missing or malformed connection string at registration, with the password redacted', () => {
      const host = createHost({ logger: NullLogger });
      const previous = process.env['DATABASE_URL'];
      delete process.env['DATABASE_URL'];
      try {
        expect(() => addPostgres(host)).toThrow(
          expect.objectContaining({ code: PostgresErrorCode.PostgresInvalidUrl, message: expect.stringContaining('DATABASE_URL') }),
        );
      } finally {
        if (previous !== undefined) process.env['DATABASE_URL'] = previous;
      }
      let thrown: unknown;
      try {
        addPostgres(host, { url: 'mysql://app:s3cret@db.internal:3306/app' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: PostgresErrorCode.PostgresInvalidUrl, message: expect.stringContaining("scheme 'mysql'") });
      expect((thrown as Error).message).not.toContain('s3cret');
      expect(() => addPostgres(host, { url: database.url, schema: 'Bad-Name' })).toThrow(
        expect.objectContaining({ code: PostgresErrorCode.PostgresInvalidOptions }),
      );
      expect(() => addPostgres(host, { url: database.url, connectTimeout: '-1s' })).toThrow(
        expect.objectContaining({ code: PostgresErrorCode.PostgresInvalidOptions }),
      );
    });

    it('should fail the start with BATON_ERR_POSTGRES_UNREACHABLE naming host and port, never the password, when nothing answers', async () => {
      const port = await closedPort();
      const host = createHost({ logger: NullLogger });
      addPostgres(host, { url: `postgres://app:s3cret@127.0.0.1:${port}/app`, connectTimeout: '300ms' });
      const error = await host.start().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      const cause = rootCause(error);
      expect(cause.code).toBe(PostgresErrorCode.PostgresUnreachable);
      expect(cause.message).toContain(`127.0.0.1:${port}`);
      expect(cause.message).toContain('postgres://app:***@');
      expect(String((error as Error).message)).not.toContain('s3cret');
    });

    it('should fail the start with BATON_ERR_POSTGRES_CONNECT_FAILED when the server refuses the database', async () => {
      const url = new URL(database.url);
      url.pathname = '/no_such_database';
      const host = createHost({ logger: NullLogger });
      addPostgres(host, { url: url.toString() });
      const error = await host.start().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(rootCause(error)).toMatchObject({
        code: PostgresErrorCode.PostgresConnectFailed,
        message: expect.stringContaining("database 'no_such_database'"),
      });
    });

    it('should refuse a schema newer than the code, naming both versions', async () => {
      const admin = new PostgresDatabase({ url: database.url, schema: 'future' });
      await admin.query('setup', 'CREATE SCHEMA future');
      await admin.query(
        'setup',
        'CREATE TABLE future.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      await admin.query('setup', "INSERT INTO future.schema_migrations (version, name) VALUES (1, 'schema'), (99, 'from the future')");
      await admin.close();
      const host = createHost({ logger: NullLogger });
      addPostgres(host, { url: database.url, schema: 'future' });
      const error = await host.start().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(rootCause(error)).toMatchObject({
        code: PostgresErrorCode.PostgresSchemaTooNew,
        message: expect.stringMatching(/version 99, newer than this @baton\/postgres \(version 5\)/),
      });
    });

    it('should refuse a schema older than the code with migrate: false', async () => {
      const host = createHost({ logger: NullLogger });
      addPostgres(host, { url: database.url, schema: 'never_migrated', migrate: false });
      const error = await host.start().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(rootCause(error)).toMatchObject({ code: PostgresErrorCode.PostgresSchemaOutdated, message: expect.stringContaining('baton migrate') });
    });
  });

  describe('when the server answers', () => {
    it('should migrate at start, keep runs in PostgreSQL in 2 round trips for a one-step run (the step is recorded with the end), report health with the clock skew, and close the pool on stop', async () => {
      const host = createHost({ logger: NullLogger });
      addWorkflow(host, greet); // before addPostgres: the order does not matter
      addPostgres(host, { url: database.url, schema: 'app' });
      await host.start();
      try {
        const store = host.provider.get(RunStore);
        expect(store).toBeInstanceOf(PostgresRunStore);
        const postgres = store as PostgresRunStore;
        postgres.resetStats();
        const run = await host.provider.get(Workflows).trigger('greet', 'world');
        expect(run.status).toBe('succeeded');
        expect(postgres.stats()).toStrictEqual({ roundTrips: 2, poolWaits: 0, byOperation: { createRun: 1, finishRun: 1 } });

        const reader = new PostgresDatabase({ url: database.url, schema: 'app' });
        const [row] = await reader.query<{ status: string; output: string }>(
          'read',
          `SELECT r.status, s.output FROM app.runs r JOIN app.step_runs s ON s.run_id = r.id WHERE r.id = $1`,
          [run.id],
        );
        await reader.close();
        expect(row).toStrictEqual({ status: 'succeeded', output: JSON.stringify('hello world') });

        const health = await host.health();
        expect(health.entries['postgres:connection']).toMatchObject({
          status: 'healthy',
          tags: ['ready'],
          data: { host: '127.0.0.1', schema: 'app', reachable: true, clockSkewMs: expect.any(Number) },
        });
      } finally {
        await host.stop();
      }
      const db = host.provider.get(PostgresDatabaseToken);
      await expect(db.query('after', 'SELECT 1')).rejects.toMatchObject({ code: PostgresErrorCode.PostgresUnavailable });
    });
  });
});
