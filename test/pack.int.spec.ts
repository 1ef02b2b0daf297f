// Acceptance: a packed tarball of each package installs into a fresh project, where `require` and `import`
// both work and the types resolve. The steps live in scripts/pack-check.mjs so they also run by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations.
import * as packCheck from '../scripts/pack-check.mjs';

interface Project {
  readonly dir: string;
  readonly packages: readonly string[];
}

const { checkManifests, checkRuntime, checkTypes, cleanUp, defaultPackages, packAndInstall, typeConfigs } = packCheck as {
  checkManifests(project: Project): Promise<void>;
  checkRuntime(project: Project, kind: 'cjs' | 'esm'): Promise<string>;
  checkTypes(project: Project, name: string): Promise<string>;
  cleanUp(project: Project): Promise<void>;
  defaultPackages: readonly string[];
  packAndInstall(options?: { packages?: readonly string[] }): Promise<Project>;
  typeConfigs: Record<string, { readonly knownIssue?: string }>;
};

describe('packed packages', () => {
  let project: Project;

  beforeAll(async () => {
    project = await packAndInstall({ packages: defaultPackages });
  }, 240_000);

  afterAll(async () => {
    if (project !== undefined && process.env.BATON_PACK_CHECK_KEEP === undefined) await cleanUp(project);
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
