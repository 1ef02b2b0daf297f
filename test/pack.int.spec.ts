// Acceptance: a packed tarball of each published package installs into a fresh project, where `require` and
// `import` both work, the types resolve, a Jest test on Jest's default CommonJS setup runs a TestHost, and an ESM host
// runs a class decorated through the CommonJS build. Before that, each tarball is read as the registry will read it.
// The steps live in scripts/pack-check.mjs so they also run by hand.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations.
import * as packCheck from '../scripts/pack-check.mjs';

interface Project {
  readonly dir: string;
  readonly packages: readonly string[];
  readonly tarballs: Readonly<Record<string, string>>;
}

const {
  assertNoWorkspaceRanges,
  checkJest,
  checkManifests,
  checkMixedModules,
  checkPublishDryRun,
  checkRuntime,
  checkTarballs,
  checkTypes,
  cleanUp,
  defaultPackages,
  packAndInstall,
  repoRoot,
  run,
  typeConfigs,
} = packCheck as {
  assertNoWorkspaceRanges(files: readonly string[]): void;
  checkJest(project: Project): Promise<string>;
  checkManifests(project: Project): Promise<void>;
  checkMixedModules(project: Project): Promise<string>;
  checkPublishDryRun(project: Project): Promise<string[]>;
  checkRuntime(project: Project, kind: 'cjs' | 'esm'): Promise<string>;
  checkTarballs(project: Project): Promise<void>;
  checkTypes(project: Project, name: string): Promise<string>;
  cleanUp(project: Project): Promise<void>;
  defaultPackages: readonly string[];
  packAndInstall(options?: { packages?: readonly string[] }): Promise<Project>;
  repoRoot: string;
  run(command: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<string>;
  typeConfigs: Record<string, { readonly knownIssue?: string }>;
};

describe('packed packages', () => {
  let project: Project;

  beforeAll(async () => {
    project = await packAndInstall({ packages: defaultPackages });
  }, 300_000);

  afterAll(async () => {
    if (project !== undefined && process.env.BATON_PACK_CHECK_KEEP === undefined) await cleanUp(project);
  });

  describe('when read as the registry reads them', () => {
    it('should carry no workspace: range, public access, the registry fields and README links that resolve', async () => {
      expect(Object.keys(project.tarballs).sort()).toStrictEqual(defaultPackages.map((name) => `@baton/${name}`).sort());
      await expect(checkTarballs(project)).resolves.toBeUndefined();
    });

    it('should be published with public access by npm publish --dry-run', async () => {
      const lines = await checkPublishDryRun(project);

      expect(lines).toHaveLength(defaultPackages.length);
      for (const line of lines) expect(line).toContain('with tag latest and public access');
    }, 120_000);
  });

  describe('when installed from their tarballs', () => {
    it('should ship every file their manifests point at, with no workspace: ranges and one copy of @baton/core', async () => {
      await expect(checkManifests(project)).resolves.toBeUndefined();
    });

    it('should work through require (CommonJS)', async () => {
      expect((await checkRuntime(project, 'cjs')).trim()).toStrictEqual('ok');
    });

    it('should work through import (ESM)', async () => {
      expect((await checkRuntime(project, 'esm')).trim()).toStrictEqual('ok');
    });

    it('should run a TestHost with a workflow in a Jest test on its default CommonJS setup', async () => {
      expect(await checkJest(project)).toMatch(/Tests:\s+1 passed, 1 total/);
    }, 120_000);

    it('should run a class decorated through the CommonJS build in a host on the ESM build', async () => {
      expect((await checkMixedModules(project)).trim()).toStrictEqual('ok');
    });

    const configs = Object.entries(typeConfigs);

    it.each(configs.filter(([, config]) => config.knownIssue === undefined).map(([name]) => name))(
      'should type-check a consumer compiled with %s',
      async (name) => {
        await expect(checkTypes(project, name)).resolves.toBeDefined();
      },
      120_000,
    );
  });
});

describe('the workspace: guard', () => {
  describe('when a package is packed with a plain npm pack', () => {
    it('should refuse in the package prepack script, naming the range and the pnpm command', async () => {
      const failure = await run('npm', ['pack', '--dry-run'], { cwd: join(repoRoot, 'packages', 'host') }).then(
        () => 'packed',
        (error: Error) => error.message,
      );

      expect(failure).toContain('@baton/host: refusing to pack with npm:');
      expect(failure).toContain('dependencies.@baton/core: workspace:^');
      expect(failure).toContain('npx -y pnpm@10.34.9 pack');
    });

    it('should reject the tarball npm makes when the script is skipped', async () => {
      const destination = await mkdtemp(join(tmpdir(), 'baton-npm-pack-'));
      try {
        await run('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], { cwd: join(repoRoot, 'packages', 'host') });
        const [tarball] = await readdir(destination);

        expect(() => assertNoWorkspaceRanges([join(destination, tarball!)])).toThrow(/@baton\/host .* would publish dependencies\.@baton\/core: workspace:\^/);
      } finally {
        await rm(destination, { recursive: true, force: true });
      }
    });
  });
});
