// Runs scripts/create-orchestration.mjs into a temporary packages folder (never the repository's), checks that
// refusals write nothing, and that the generated package typechecks, builds and passes its own test with no edits.
// The temporary root gets the repository's tsconfig.base.json and node_modules links to @baton/core, @baton/host,
// @baton/testing (built), typescript, tsup, vitest and @types, standing in for `pnpm install`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types.
import { unbuilt } from '../../scripts/create-orchestration.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function run(args: readonly string[], cwd: string, timeout = 120_000) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout, stderr: result.stderr };
}

const create = (cwd: string, ...args: string[]) => run([join(repoRoot, 'scripts/create-orchestration.mjs'), ...args], cwd, 30_000);

describe('create-orchestration', () => {
  let root: string;
  let packages: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'baton-scaffold-'));
    packages = join(root, 'packages');
    mkdirSync(join(root, 'node_modules/@baton'), { recursive: true });
    mkdirSync(packages);
    copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    for (const name of ['core', 'host', 'testing']) symlinkSync(join(repoRoot, 'packages', name), join(root, 'node_modules/@baton', name), 'junction');
    for (const name of ['typescript', 'tsup', 'vitest', '@types'])
      symlinkSync(join(repoRoot, 'node_modules', name), join(root, 'node_modules', name), 'junction');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  describe.each([
    [
      'NotKebab',
      "'NotKebab' is not kebab-case (lowercase letters and digits in words joined by single hyphens, starting with a letter); try 'not-kebab'. Nothing was written.",
    ],
    [
      'double--hyphen',
      "'double--hyphen' is not kebab-case (lowercase letters and digits in words joined by single hyphens, starting with a letter); try 'double-hyphen'. Nothing was written.",
    ],
    ['9lives', "'9lives' is not kebab-case (lowercase letters and digits in words joined by single hyphens, starting with a letter). Nothing was written."],
    ['orchestration-billing', "Give the name without the prefix: 'billing' makes orchestration-billing. Nothing was written."],
  ])('when the name is %j', (name, message) => {
    it('should refuse it and write nothing', () => {
      const result = create(root, name, '--dir', packages);

      expect([result.status, result.stderr.trim()]).toStrictEqual([1, `create-orchestration: ${message}`]);
      expect(readdirSync(packages)).toStrictEqual([]);
    });
  });

  describe.each([
    {
      kind: 'workflow (the default)',
      args: [] as string[],
      files: ['src/Workflows/DemoSyncWorkflow.ts', 'src/Workflows/DemoSyncWorkflow.spec.ts'],
      absent: 'src/BackgroundServices',
      tests: 1,
    },
    {
      kind: 'background-service',
      args: ['--background-service'],
      files: ['src/BackgroundServices/DemoSyncBackgroundService.ts', 'src/BackgroundServices/DemoSyncBackgroundService.spec.ts'],
      absent: 'src/Workflows',
      tests: 2,
    },
  ])('when the name is kebab-case and free, for a $kind package', ({ args, files, absent, tests }) => {
    let created: ReturnType<typeof create>;
    const dir = () => join(packages, 'orchestration-demo-sync');

    beforeAll(() => {
      rmSync(dir(), { recursive: true, force: true });
      created = create(root, 'demo-sync', '--dir', packages, ...args);
    });

    it('should write the conventional layout and print the next steps', () => {
      expect(created.status, created.output).toBe(0);
      expect(created.stdout).toContain(`node ${join(repoRoot, 'scripts/check-orchestrations.mjs')} packages/orchestration-demo-sync\n`);
      for (const path of [
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'tsconfig.json',
        'tsup.config.ts',
        'src/index.ts',
        'src/addDemoSyncOrchestration.ts',
        'src/DemoSyncOptions.ts',
        'src/Interfaces/DemoSyncSource.ts',
        'src/Interfaces/DemoSyncSink.ts',
        ...files,
      ]) {
        expect(existsSync(join(dir(), path)), path).toBe(true);
      }
      expect(existsSync(join(dir(), absent)), absent).toBe(false);
      expect(readdirSync(packages)).toStrictEqual(['orchestration-demo-sync']);
    });

    it('should refuse the same name again and leave the package as it was', () => {
      const again = create(root, 'demo-sync', '--dir', packages, ...args);

      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/orchestration-demo-sync already exists; pick another name or remove it first\. Nothing was written\./);
      expect(readdirSync(packages)).toStrictEqual(['orchestration-demo-sync']);
    });

    it('should typecheck, build, and pass its own tests on the test host', () => {
      const tsc = run([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], dir());
      expect(tsc.status, tsc.output).toBe(0);

      const build = run([join(repoRoot, 'node_modules/tsup/dist/cli-default.js')], dir());
      expect(build.status, build.output).toBe(0);
      for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) expect(existsSync(join(dir(), 'dist', file)), file).toBe(true);

      const test = run([join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', '.'], dir());
      expect(test.status, test.output).toBe(0);
      expect(test.output).toMatch(new RegExp(`Tests\\s+${tests} passed`));
    });
  });

  describe('when deciding what to build before the new package can build and test', () => {
    it('should pick the packages whose dist/ is missing or older than their sources, and no other', () => {
      const workspace = join(root, 'workspace');
      const write = (path: string, at: number) => {
        mkdirSync(join(workspace, path, '..'), { recursive: true });
        writeFileSync(join(workspace, path), '');
        utimesSync(join(workspace, path), at, at);
      };
      const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];
      for (const name of ['current', 'stale', 'partial', 'unbuilt']) write(`packages/${name}/src/Deep/file.ts`, 1_000);
      for (const name of ['current', 'stale']) for (const output of outputs) write(`packages/${name}/${output}`, 2_000);
      write('packages/stale/src/Deep/edited.ts', 3_000);
      write('packages/partial/dist/index.js', 2_000);

      expect(unbuilt(['@baton/current', '@baton/stale', '@baton/partial', '@baton/unbuilt'], workspace)).toStrictEqual([
        '@baton/stale',
        '@baton/partial',
        '@baton/unbuilt',
      ]);
    });
  });

  describe('when an option is unknown', () => {
    it('should refuse it with the usage and write nothing', () => {
      rmSync(join(packages, 'orchestration-demo-sync'), { recursive: true, force: true });
      const result = create(root, 'demo-sync', '--dir', packages, '--watcher');

      expect([result.status, result.stderr.trim()]).toStrictEqual([
        1,
        "create-orchestration: Unknown option '--watcher'. Usage: pnpm create-orchestration <name> [--background-service] [--dir <packages dir>] [--no-install]",
      ]);
      expect(readdirSync(packages)).toStrictEqual([]);
    });
  });
});
