// Keeps packages/postgres/README.md honest, as test/readme/testing-readme.int.spec.ts does for @baton/testing's: each
// ```ts block whose first line is `// Example: <what>` is a vitest test file, written to a temporary project that
// links the built @baton/core, @baton/host and @baton/postgres (run `npx -y pnpm@10.34.9 build` first), type-checked
// with the repository's compiler options and run with vitest against a database of its own (DATABASE_URL). Each name
// in the README's Main types table must be exported from src/index.ts, and each export must be there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(join(repoRoot, 'packages/postgres/README.md'), 'utf8');
const MARKER = '// Example: ';
const PACKAGES = ['core', 'host', 'postgres'];

function examples(markdown: string): Map<string, string> {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).filter((code) => code.startsWith(MARKER));
  return new Map(blocks.map((code) => [code.slice(MARKER.length, code.indexOf('\n')), code]));
}

function exportsOfIndex(): Set<string> {
  const index = readFileSync(join(repoRoot, 'packages/postgres/src/index.ts'), 'utf8');
  const names = [...index.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((match) => match[1]!.split(','));
  return new Set(names.map((name) => name.trim()).filter((name) => name !== ''));
}

function mainTypeNames(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('## Main types'));
  const table = section.slice(0, section.indexOf('\n## '));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Za-z]+)[^`]*`/g)].map((match) => match[1]!));
}

function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
}

describe('packages/postgres/README.md', () => {
  describe('when its examples are run as written', () => {
    const found = examples(readme);
    const files = [...found.keys()].map((_, index) => `example-${index + 1}.spec.ts`);
    let dir: string;
    let database: TestDatabase;

    beforeAll(async () => {
      for (const name of PACKAGES) {
        expect(existsSync(join(repoRoot, 'packages', name, 'dist/index.d.ts')), `@baton/${name} is not built: run npx -y pnpm@10.34.9 build`).toBe(true);
      }
      database = await createTestDatabase();
      dir = mkdtempSync(join(tmpdir(), 'baton-postgres-readme-'));
      mkdirSync(join(dir, 'node_modules/@baton'), { recursive: true });
      for (const name of PACKAGES) symlinkSync(join(repoRoot, 'packages', name), join(dir, 'node_modules/@baton', name), 'junction');
      for (const name of ['@types', 'vitest']) symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name), 'junction');
      symlinkSync(join(repoRoot, 'packages/postgres/node_modules/node-cron'), join(dir, 'node_modules/node-cron'), 'junction');
      copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, include: files }));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'postgres-readme-examples', private: true, type: 'module' }));
      [...found.values()].forEach((code, index) => writeFileSync(join(dir, files[index]!), code));
    });

    afterAll(async () => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      await database?.drop();
    });

    it('should show addPostgres on a host and the node-cron coordinator', () => {
      expect([...found.keys()]).toStrictEqual(['durable runs on PostgreSQL', 'node-cron tasks on several replicas']);
      expect([...found.values()].join('\n')).toContain('addPostgres(host');
      expect(found.get('node-cron tasks on several replicas')).toContain('runCoordinator: coordinator');
    });

    it('should type-check under the repository compiler options', () => {
      const tsc = run([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);
      expect(tsc.status, tsc.output).toBe(0);
    });

    it('should pass every test it declares when run with vitest against a database', () => {
      const report = join(dir, 'report.json');
      const vitest = run([join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter=json', `--outputFile=${report}`], dir, {
        DATABASE_URL: database.url,
      });
      expect(vitest.status, vitest.output).toBe(0);
      const results = (JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] }).testResults;
      const passed = results.flatMap((file) => file.assertionResults).map(({ title, status }) => [title, status]);
      expect(passed).toStrictEqual([
        ['keeps the runs in PostgreSQL', 'passed'],
        ['runs each fire of a distributed task on one replica', 'passed'],
      ]);
    });
  });

  describe('when its Main types table is read', () => {
    it('should name only exports of @baton/postgres, and every one of them', () => {
      const exported = exportsOfIndex();
      const names = mainTypeNames(readme);
      expect(names.filter((name) => !exported.has(name))).toStrictEqual([]);
      expect([...exported].filter((name) => !names.includes(name))).toStrictEqual([]);
    });
  });
});
