// Keeps the README's example honest: its ```ts block marked `// Example: ` is written beside the package (so that
// `@baton/admin` resolves to the built package by self-reference) and run with tsx, and what it prints is compared
// with the `// ...` comment at the end of each console.log line. Needs the built packages (`npx -y pnpm@10.34.9 build`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(packageDir, '../..');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');

describe('packages/admin/README.md', () => {
  it('should print what its example says, run as written against the built package', () => {
    const block = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!).find((code) => code.startsWith('// Example: probes and metrics'));
    expect(block).toBeDefined();
    const expected = [...block!.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((match) => match[1]!);
    expect(expected.length).toBe(3);
    const file = join(packageDir, `.readme-example-${process.pid}.ts`);
    writeFileSync(file, block!);
    try {
      const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), file], {
        cwd: packageDir,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim().split('\n')).toStrictEqual(expected);
      expect(result.status).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
