// Keeps packages/core/README.md honest. Its Workflows example (the ```ts block whose first line is
// `// Example: workflows`) is written to a temporary project, type-checked with the repository's compiler options and
// run with tsx; what it prints must match the `// Prints:` comment that ends the block. The project links the built
// @baton/core and @baton/host (run `npx -y pnpm@10.34.9 run build` first) and @types/node, as
// test/orchestrations/create-orchestration.int.spec.ts does. Each name in the README's Main types table must be
// exported from packages/core/src/index.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(repoRoot, 'packages/core/README.md'), 'utf8');
const MARKER = '// Example: workflows';
const PRINTS = '// Prints:';

/** The one ```ts block of `markdown` whose first line is `marker`. */
function codeBlock(markdown: string, marker: string): string {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  const found = blocks.filter((code) => code.startsWith(`${marker}\n`));
  if (found.length !== 1) throw new Error(`Expected one \`\`\`ts block starting with '${marker}' in the README; found ${found.length}.`);
  return found[0]!;
}

/** The lines after `// Prints:` at the end of `code`, without their `// `. */
function printedLines(code: string): string[] {
  const lines = code.trimEnd().split('\n');
  const start = lines.indexOf(PRINTS);
  if (start === -1) throw new Error(`The example has no '${PRINTS}' comment saying what it prints.`);
  return lines.slice(start + 1).map((line) => line.replace(/^\/\/ ?/, ''));
}

/** Names exported from packages/core/src/index.ts, values and types. */
function coreExports(): Set<string> {
  const index = readFileSync(join(repoRoot, 'packages/core/src/index.ts'), 'utf8');
  const names = [...index.matchAll(/^export (?:type )?\{([^}]*)\}/gm)].flatMap((match) => match[1]!.split(','));
  return new Set(names.map((name) => name.trim()).filter((name) => name !== ''));
}

/** The names in the first column of the README's Main types table: `Workflow<TInput, TOutput>` gives `Workflow`. */
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

describe('packages/core/README.md', () => {
  describe('when the Workflows example is run as written', () => {
    const example = codeBlock(readme, MARKER);
    let dir: string;

    beforeAll(() => {
      for (const name of ['core', 'host']) {
        expect(existsSync(join(repoRoot, 'packages', name, 'dist/index.d.ts')), `@baton/${name} is not built: run npx -y pnpm@10.34.9 run build`).toBe(true);
      }
      dir = mkdtempSync(join(tmpdir(), 'baton-core-readme-'));
      mkdirSync(join(dir, 'node_modules/@baton'), { recursive: true });
      for (const name of ['core', 'host']) symlinkSync(join(repoRoot, 'packages', name), join(dir, 'node_modules/@baton', name), 'junction');
      symlinkSync(join(repoRoot, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'junction');
      copyFileSync(join(repoRoot, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['example.ts'] }),
      );
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'core-readme-example', private: true, type: 'module' }));
      writeFileSync(join(dir, 'example.ts'), example);
    });

    afterAll(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('should type-check under the repository compiler options', () => {
      const tsc = run([join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);

      expect(tsc.status, tsc.output).toBe(0);
    });

    it('should print what its Prints comment says', () => {
      const executed = run([join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'example.ts'], dir);

      expect(executed.status, executed.output).toBe(0);
      expect(executed.stdout.trimEnd().split('\n')).toStrictEqual(printedLines(example));
    });
  });

  describe("when its Workflows section is read, and the root README's", () => {
    it("should introduce defineWorkflow<TInput>(), which types the first step's input", () => {
      const rootReadme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
      const section = (markdown: string): string =>
        markdown.slice(markdown.indexOf('## Workflows'), markdown.indexOf('\n## ', markdown.indexOf('## Workflows') + 1));

      for (const workflows of [section(readme), section(rootReadme)]) {
        expect(workflows).toContain('defineWorkflow<TInput>()');
        expect(workflows).toMatch(/defineWorkflow<\{ sku: string; quantity: number \}>\('reorder'\)/);
      }
      // The core example runs it: its input is type-checked by trigger and reaches the first step.
      expect(codeBlock(readme, MARKER)).toContain("trigger(reorder, { sku: 'sku-9', quantity: 2 })");
    });
  });

  describe('when its Main types table is read', () => {
    it('should name only exports of @baton/core', () => {
      const exported = coreExports();
      const names = mainTypeNames(readme);

      expect(names.length).toBeGreaterThan(40);
      expect(names.filter((name) => !exported.has(name))).toStrictEqual([]);
    });
  });
});
