// Vitest globalSetup: ONE throwaway PostgreSQL 15 per vitest run (scripts/postgres.mjs: a temp dir, a loopback port,
// its socket in the dir), handed to the specs as inject('databaseUrl'). Specs never use a server of the user's: they
// make a database of their own on this one (createTestDatabase). Users point their apps at theirs with DATABASE_URL.
import type { TestProject } from 'vitest/node';
// @ts-expect-error scripts/postgres.mjs is plain JavaScript without declarations.
import { startPostgres } from '../../../scripts/postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's URL (database `postgres`, user `postgres`, no password). */
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = (await startPostgres()) as { url: string; stop(): Promise<void> };
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
