// Acceptance for the release policy in CONTRIBUTING.md ("Versions and the peer range on core"): `changeset version`
// is run on a copy of the workspace's manifests and changeset config, and the versions it writes are read back.
// While core is 0.x, a core minor must not push the orchestration packages (which peer-depend on core) to 1.0.0.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const orchestrations = readdirSync(join(repoRoot, 'packages')).filter((name) => name.startsWith('orchestration-'));

interface Manifest {
  readonly version: string;
  readonly peerDependencies?: Record<string, string>;
}

let dir: string | undefined;

/** A copy of the workspace's manifests, CHANGELOGs and .changeset/config.json, with one changeset for `bumps`. */
function workspaceCopy(bumps: Record<string, 'patch' | 'minor' | 'major'>): string {
  dir = mkdtempSync(join(tmpdir(), 'baton-changesets-'));
  const copy = (path: string): void => {
    if (!existsSync(join(repoRoot, path))) return;
    mkdirSync(dirname(join(dir!, path)), { recursive: true });
    cpSync(join(repoRoot, path), join(dir!, path));
  };
  for (const path of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json', 'bench/package.json']) copy(path);
  for (const parent of ['packages', 'examples']) {
    for (const name of readdirSync(join(repoRoot, parent))) {
      copy(`${parent}/${name}/package.json`);
      copy(`${parent}/${name}/CHANGELOG.md`);
    }
  }
  // The changelog generator is resolved from the project.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'junction');
  const frontMatter = Object.entries(bumps).map(([name, type]) => `'${name}': ${type}`);
  writeFileSync(join(dir, '.changeset', 'a-change.md'), `---\n${frontMatter.join('\n')}\n---\n\nA change.\n`);
  return dir;
}

function changesetVersion(cwd: string): void {
  const cli = join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
  const result = spawnSync(process.execPath, [cli, 'version'], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
}

function manifest(cwd: string, pkg: string): Manifest {
  return JSON.parse(readFileSync(join(cwd, 'packages', pkg, 'package.json'), 'utf8')) as Manifest;
}

afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('changeset version', () => {
  describe('when @baton/core gets a minor release while it is 0.x', () => {
    it('should leave the orchestration packages and their peer range alone, and patch-bump its dependents', () => {
      const cwd = workspaceCopy({ '@baton/core': 'minor' });
      const before = Object.fromEntries(orchestrations.map((pkg) => [pkg, manifest(cwd, pkg)]));

      changesetVersion(cwd);

      expect(manifest(cwd, 'core').version).toBe('0.2.0');
      expect([manifest(cwd, 'host').version, manifest(cwd, 'testing').version]).toStrictEqual(['0.1.1', '0.1.1']);
      for (const pkg of orchestrations) {
        expect(manifest(cwd, pkg).version, pkg).toBe(before[pkg]!.version);
        expect(manifest(cwd, pkg).peerDependencies?.['@baton/core'], pkg).toBe(before[pkg]!.peerDependencies?.['@baton/core']);
      }
      expect(readFileSync(join(cwd, 'packages', 'core', 'CHANGELOG.md'), 'utf8')).toMatch(/^# @baton\/core\n\n## 0\.2\.0\n\n### Minor Changes\n\n- A change\./);
    });
  });

  describe('when @baton/core gets a major release', () => {
    it('should give the orchestration packages a major release too, as their peer range no longer holds', () => {
      const cwd = workspaceCopy({ '@baton/core': 'major' });

      changesetVersion(cwd);

      expect(manifest(cwd, 'core').version).toBe('1.0.0');
      for (const pkg of orchestrations) expect(manifest(cwd, pkg).version, pkg).toBe('1.0.0');
    });
  });
});
