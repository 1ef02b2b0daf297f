// `baton migrate`, as a user runs it: the built bin (run `npx -y pnpm@10.34.9 build` first) in a child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

function baton(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env['PATH'], ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('baton migrate', () => {
  it('should print the SQL with --dry-run and write nothing, then migrate, then find nothing to do', async () => {
    const dry = await baton(['migrate', '--dry-run', '--url', database.url, '--schema', 'cli']);
    expect(dry).toMatchObject({ status: 0, stderr: '' });
    expect(dry.stdout).toContain('-- 1: schema');
    expect(dry.stdout).toContain('CREATE TABLE "cli".runs');
    expect((await baton(['migrate', '--dry-run', '--url', database.url, '--schema', 'cli'])).stdout).toContain('CREATE TABLE "cli".runs');

    const applied = await baton(['migrate', '--schema', 'cli'], { DATABASE_URL: database.url });
    expect(applied).toMatchObject({ status: 0, stdout: 'Migrated the schema from version 0 to 5 (applied 1, 2, 3, 4, 5).\n' });
    expect(await baton(['migrate', '--url', database.url, '--schema', 'cli'])).toMatchObject({
      status: 0,
      stdout: 'The schema is at version 5: nothing to apply.\n',
    });
    expect((await baton(['migrate', '--dry-run', '--url', database.url, '--schema', 'cli'])).stdout).toBe('-- The schema is at version 5: nothing to apply.\n');
  });

  it('should fail with a coded error and the password redacted when the URL is wrong, and with usage for a wrong command', async () => {
    const failed = await baton(['migrate', '--url', 'postgres://app:s3cret@127.0.0.1:1/app', '--connect-timeout', '200']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('BATON_ERR_POSTGRES_UNREACHABLE');
    expect(failed.stderr).toContain('127.0.0.1:1');
    expect(failed.stderr).not.toContain('s3cret');
    expect(await baton(['migrate'])).toMatchObject({ status: 1, stderr: expect.stringContaining('BATON_ERR_POSTGRES_INVALID_URL') });
    expect(await baton(['seed'])).toMatchObject({ status: 2, stderr: expect.stringContaining('Usage: baton migrate') });
  });
});
