// Follows the root README's "Write your own orchestration" as a new user does on a fresh clone: in a copy of the
// repository, runs the install command the section starts from, then every command of its ```sh blocks (steps 1 and
// 3: scaffold, build, the new package's test, the convention check) exactly as written; then checks that the paths
// the section names exist and that the names step 4 imports are exported. Steps 4 and 5 (edit the example, run it)
// are not run: they take a minute and change the example.
//
// The copy holds the repository's files without node_modules/ (the install makes it) and without dist/, except the
// dist/ of @baton/core, @baton/host and @baton/testing, copied with their timestamps: when they are current (as after
// the build step of `pnpm test`), the scaffold sees them built and the spec takes about 15 s; when they are missing
// or stale, the scaffold builds them, as on a fresh clone, in about 40 s.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL = 'npx -y pnpm@10.34.9 install';
const REUSED_DIST = ['packages/core/dist', 'packages/host/dist', 'packages/testing/dist'];
// Left out of the copy: git, what the install and the builds make, reports, and a demo package from an earlier run.
const SKIPPED_NAMES = new Set(['node_modules', '.git', 'coverage']);
const SKIPPED_PATHS = new Set(['tmp', 'packages/orchestration-demo']);

/** The section of the root README, from its heading to the next `## ` heading. */
function section(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Write your own orchestration\n');
  if (start === -1) throw new Error("The root README has no '## Write your own orchestration' section.");
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** The lines of the section's ```sh blocks, in order. */
function commands(text: string): string[] {
  const blocks = [...text.matchAll(/^ *```sh\n([\s\S]*?)^ *```$/gm)].map((match) => match[1]!);
  return blocks.flatMap((block) =>
    block
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** Repository paths the section names: `packages/...`, `examples/...`, `scripts/...`, `test/...`, in backticks or as links. */
function namedPaths(text: string): string[] {
  const backticked = [...text.matchAll(/`((?:packages|examples|scripts|test)\/[^`\s]*)`/g)].map((match) => match[1]!);
  const linked = [...text.matchAll(/\]\(((?:packages|examples|scripts|test)\/[^)\s#]*)\)/g)].map((match) => match[1]!);
  return [...new Set([...backticked, ...linked])].filter((path) => !/[<>]/.test(path));
}

function isSkipped(path: string): boolean {
  const inRepo = relative(repoRoot, path).split(sep).join('/');
  if (inRepo === '') return false;
  if (SKIPPED_PATHS.has(inRepo) || SKIPPED_NAMES.has(basename(path))) return true;
  if (basename(path) === 'dist') return !REUSED_DIST.includes(inRepo);
  return /^\.vitest-report.*\.json$/.test(basename(path)) || path.endsWith('.tsbuildinfo');
}

/** Runs `command` in a shell in `cwd`, as a user would, without the variables the outer vitest run set. */
function sh(command: string, cwd: string, timeout = 90_000) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'BATON_VITEST_REPORT'));
  const result = spawnSync(command, { cwd, shell: true, encoding: 'utf8', timeout, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `$ ${command}\n${result.stdout}${result.stderr}${result.error ? `\n${result.error.message}` : ''}` };
}

describe('the root README, "Write your own orchestration"', () => {
  const text = section();
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'baton-readme-steps-'));
    cpSync(repoRoot, root, { recursive: true, preserveTimestamps: true, filter: (source) => !isSkipped(source) });
  });

  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('should start from the install command at the top of the README', () => {
    expect(text).toContain(`after \`${INSTALL}\``);
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n').slice(0, 5).join('\n')).toContain(`${INSTALL} && `);

    const install = sh(INSTALL, root);
    expect(install.status, install.output).toBe(0);
  }, 90_000);

  it('should pass every command of steps 1 and 3 as written, on the fresh copy', () => {
    const steps = commands(text);
    expect(steps).toStrictEqual([
      'npx -y pnpm@10.34.9 create-orchestration demo',
      'npx -y pnpm@10.34.9 --filter @baton/orchestration-demo build',
      'npx vitest run packages/orchestration-demo',
      'npx -y pnpm@10.34.9 check:orchestrations',
    ]);

    const outputs = steps.map((command) => {
      const result = sh(command, root);
      expect(result.status, result.output).toBe(0);
      return result.output;
    });

    expect(outputs[0]).toContain('Created packages/orchestration-demo (@baton/orchestration-demo):');
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      expect(existsSync(join(root, 'packages/orchestration-demo/dist', file)), file).toBe(true);
    }
    expect(outputs[2]).toMatch(/Tests\s+1 passed \(1\)/);
    expect(outputs[3]).toContain('ok   packages/orchestration-demo\n');
    // About 15 s with the dist/ reused and 40 s without on an idle machine; the bound leaves room for a busy one.
  }, 150_000);

  it('should name only paths that exist once the package is scaffolded', () => {
    const paths = namedPaths(text);
    expect(paths).toContain('packages/orchestration-demo/src/Workflows/DemoWorkflow.ts');

    expect(paths.filter((path) => !existsSync(join(root, path)))).toStrictEqual([]);
  });

  it('should register the example through names the package exports, next to a call the example makes', () => {
    const snippet = [...text.matchAll(/^ *```ts\n([\s\S]*?)^ *```$/gm)]
      .map((match) => match[1]!)
      .find((code) => code.includes("from '@baton/orchestration-demo'"));
    const imported = /import \{([^}]*)\} from '@baton\/orchestration-demo'/
      .exec(snippet ?? '')?.[1]
      ?.split(',')
      .map((name) => name.trim());
    const index = readFileSync(join(root, 'packages/orchestration-demo/src/index.ts'), 'utf8');

    // The host loads the package by name (its addDemoOrchestration), so the app imports only the tokens it binds.
    expect(imported).toStrictEqual(['DemoSink', 'DemoSource']);
    for (const name of [...imported!, 'addDemoOrchestration']) expect(index).toMatch(new RegExp(`^export \\{ ${name} \\}`, 'm'));
    expect(readFileSync(join(root, 'examples/shop/src/Orchestrations/bindShopOrchestrationServices.ts'), 'utf8')).toContain('builder.services');
    expect(readFileSync(join(root, 'examples/shop/src/Orchestrations/shopOrchestrations.ts'), 'utf8')).toContain(
      "load: ['tenant-provisioning', 'inventory-sync']",
    );
  });
});
