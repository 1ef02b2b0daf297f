// Keeps packages/testing/README.md honest, as core-readme.int.spec.ts does for core's. Each of its ```ts blocks whose
// first line is `// Example: <what>` is a vitest test file: they are written to a temporary project, type-checked
// with the repository's compiler options, and run with vitest, where every test they declare must pass. The project
// links the built @baton/core, @baton/host and @baton/testing (run `npx -y pnpm@10.34.9 run build` first), vitest
// and @types/node. Each name in the README's Main types table must be exported from packages/testing/src/index.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(repoRoot, 'packages/testing/README.md'), 'utf8');
const MARKER = '// Example: ';
const PACKAGES = ['core', 'host', 'testing'];

/** The ```ts blocks of `markdown` whose first line starts with `marker`, by the rest of that line. */
function examples(markdown: string): Map<string, string> {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).filter((code) => code.startsWith(MARKER));
  return new Map(blocks.map((code) => [code.slice(MARKER.length, code.indexOf('\n')), code]));
}

/** The `it(...)` titles declared in `code`. */
function testTitles(code: string): string[] {
  return [...code.matchAll(/^it\('([^']+)'/gm)].map((match) => match[1]!);
}

/** Names exported from packages/testing/src/index.ts, values and types. */
function testingExports(): Set<string> {
  const index = readFileSync(join(repoRoot, 'packages/testing/src/index.ts'), 'utf8');
  const names = [...index.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((match) => match[1]!.split(','));
  return new Set(names.map((name) => name.trim()).filter((name) => name !== ''));
}

/** The names in the first column of the README's Main types table. */
function mainTypeNames(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('## Main types'));
  const table = section.slice(0, section.indexOf('\n## '));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Za-z]+)[^`]*`/g)].map((match) => match[1]!));
}

function run(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
}

describe('packages/testing/README.md', () => {
  describe('when its examples are run as written', () => {
    const found = examples(readme);
    const files = [...found.keys()].map((_, index) => `example-${index + 1}.spec.ts`);
    let dir: string;

    beforeAll(() => {
      for (const name of PACKAGES) {
        expect(existsSync(join(repoRoot, 'packages', name, 'dist/index.d.ts')), `@baton/${name} is not built: run npx -y pnpm@10.34.9 run build`).toBe(true);
      }
      dir = mkdtempSync(join(tmpdir(), 'baton-testing-readme-'));
      mkdirSync(join(dir, 'node_modules/@baton'), { recursive: true });
      for (const name of PACKAGES) symlinkSync(join(repoRoot, 'packages', name), join(dir, 'node_modules/@baton', name), 'junction');
      for (const name of ['@types', 'vitest']) symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name), 'junction');
      copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, include: files }));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'testing-readme-examples', private: true, type: 'module' }));
      [...found.values()].forEach((code, index) => writeFileSync(join(dir, files[index]!), code));
    });

    afterAll(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('should show createTestHost, await using and a bare ManualClock', () => {
      expect([...found.keys()]).toStrictEqual([
        'a workflow on a test host',
        'a manual run with await using',
        'a ManualClock driving a scheduler',
        'conformance with vitest',
        'conformance without a test runner',
        'operations contracts with vitest',
      ]);
      const code = [...found.values()].join('\n');
      for (const used of ['createTestHost(', '.advance(', '.runs(', '.statuses(', '.replace(', '.logs.', '.stop()', 'await using '])
        expect(code).toContain(used);
    });

    it('should type-check under the repository compiler options', () => {
      const tsc = run([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);

      expect(tsc.status, tsc.output).toBe(0);
    });

    it('should pass every test it declares when run with vitest', () => {
      const report = join(dir, 'report.json');
      const vitest = run([join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter=json', `--outputFile=${report}`], dir);

      expect(vitest.status, vitest.output).toBe(0);
      const results = (JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] }).testResults;
      const passed = results.flatMap((file) => file.assertionResults).map(({ title, status }) => [title, status]);
      const declared = [...found.values()].flatMap(testTitles);
      // Every test ran and passed: the ones the examples declare by title, and the conformance cases registered for them.
      expect(passed.filter(([, status]) => status !== 'passed')).toStrictEqual([]);
      expect(declared.filter((title) => !passed.some(([name]) => name === title))).toStrictEqual([]);
      expect(passed.filter(([name]) => String(name).startsWith('fencing: ')).length).toBeGreaterThan(0);
    });
  });

  describe('when its Main types table is read', () => {
    it('should name only exports of @baton/testing, and every one of them', () => {
      const exported = testingExports();
      const names = mainTypeNames(readme);

      expect(names.filter((name) => !exported.has(name))).toStrictEqual([]);
      expect([...exported].filter((name) => !names.includes(name))).toStrictEqual([]);
    });
  });
});
